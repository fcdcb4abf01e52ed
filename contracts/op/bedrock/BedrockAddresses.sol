// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title BedrockAddresses
/// @notice The fixed addresses of the OP Stack's L1↔L2 contracts on every OP chain, and its sentinel values.
library BedrockAddresses {
    /// @notice L2CrossDomainMessenger predeploy.
    address internal constant L2_CROSS_DOMAIN_MESSENGER = 0x4200000000000000000000000000000000000007;

    /// @notice L2StandardBridge predeploy.
    address internal constant L2_STANDARD_BRIDGE = 0x4200000000000000000000000000000000000010;

    /// @notice L1Block predeploy.
    address internal constant L1_BLOCK_ATTRIBUTES = 0x4200000000000000000000000000000000000015;

    /// @notice L2ToL1MessagePasser predeploy.
    address internal constant L2_TO_L1_MESSAGE_PASSER = 0x4200000000000000000000000000000000000016;

    /// @notice The account that sets the L1 block attributes on L2 (the real chain's system deposit sender).
    address internal constant DEPOSITOR_ACCOUNT = 0xDeaDDEaDDeAdDeAdDEAdDEaddeAddEAdDEAd0001;

    /// @notice `l2Sender` / `xDomainMsgSender` while no withdrawal or message is being relayed.
    address internal constant DEFAULT_L2_SENDER = 0x000000000000000000000000000000000000dEaD;

    /// @notice The `tx.origin` under which a failing relay reverts, so that gas estimation finds the real need.
    address internal constant ESTIMATION_ADDRESS = address(1);

    /// @notice The legacy token address that stands for ETH in L2StandardBridge.withdraw.
    address internal constant LEGACY_ERC20_ETH = 0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000;
}
