// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { BedrockAddresses } from "./BedrockAddresses.sol";
import { CrossDomainMessenger } from "./CrossDomainMessenger.sol";
import { IOptimismMintableERC20 } from "./IOptimismMintableERC20.sol";
import { StandardBridge } from "./StandardBridge.sol";

/// @title L2StandardBridge
/// @notice The predeploy at 0x4200…0010: pays out deposits from the chain's L1StandardBridge and starts
///         withdrawals to it (`withdraw` takes the legacy ETH token 0xDeadDeAdd…0000 for ETH).
contract L2StandardBridge is StandardBridge {
    string public constant version = "1.11.1";

    event WithdrawalInitiated(
        address indexed l1Token,
        address indexed l2Token,
        address indexed from,
        address to,
        uint256 amount,
        bytes extraData
    );
    event DepositFinalized(
        address indexed l1Token,
        address indexed l2Token,
        address indexed from,
        address to,
        uint256 amount,
        bytes extraData
    );

    /// @notice Sets the chain's L1StandardBridge once (the installer calls it).
    function initialize(StandardBridge _otherBridge) external {
        _initialize(CrossDomainMessenger(BedrockAddresses.L2_CROSS_DOMAIN_MESSENGER), _otherBridge);
    }

    /// @notice Withdraws `_amount` of `_l2Token` (or ETH, as the legacy ETH token) to the caller on L1.
    function withdraw(
        address _l2Token,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes calldata _extraData
    )
        external
        payable
        onlyEOA
    {
        _initiateWithdrawal(_l2Token, msg.sender, msg.sender, _amount, _minGasLimit, _extraData);
    }

    /// @notice Withdraws `_amount` of `_l2Token` (or ETH) to `_to` on L1.
    function withdrawTo(
        address _l2Token,
        address _to,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes calldata _extraData
    )
        external
        payable
    {
        _initiateWithdrawal(_l2Token, msg.sender, _to, _amount, _minGasLimit, _extraData);
    }

    /// @notice Legacy getter of the other bridge.
    function l1TokenBridge() external view returns (address) {
        return address(otherBridge);
    }

    function _initiateWithdrawal(
        address _l2Token,
        address _from,
        address _to,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes memory _extraData
    )
        internal
    {
        if (_l2Token == BedrockAddresses.LEGACY_ERC20_ETH) {
            _initiateBridgeETH(_from, _to, _amount, _minGasLimit, _extraData);
        } else {
            address l1Token = IOptimismMintableERC20(_l2Token).remoteToken();
            _initiateBridgeERC20(_l2Token, l1Token, _from, _to, _amount, _minGasLimit, _extraData);
        }
    }

    function _emitETHBridgeInitiated(address _from, address _to, uint256 _amount, bytes memory _extraData)
        internal
        override
    {
        emit WithdrawalInitiated(address(0), BedrockAddresses.LEGACY_ERC20_ETH, _from, _to, _amount, _extraData);
        super._emitETHBridgeInitiated(_from, _to, _amount, _extraData);
    }

    function _emitETHBridgeFinalized(address _from, address _to, uint256 _amount, bytes memory _extraData)
        internal
        override
    {
        emit DepositFinalized(address(0), BedrockAddresses.LEGACY_ERC20_ETH, _from, _to, _amount, _extraData);
        super._emitETHBridgeFinalized(_from, _to, _amount, _extraData);
    }

    function _emitERC20BridgeInitiated(
        address _localToken,
        address _remoteToken,
        address _from,
        address _to,
        uint256 _amount,
        bytes memory _extraData
    )
        internal
        override
    {
        emit WithdrawalInitiated(_remoteToken, _localToken, _from, _to, _amount, _extraData);
        super._emitERC20BridgeInitiated(_localToken, _remoteToken, _from, _to, _amount, _extraData);
    }

    function _emitERC20BridgeFinalized(
        address _localToken,
        address _remoteToken,
        address _from,
        address _to,
        uint256 _amount,
        bytes memory _extraData
    )
        internal
        override
    {
        emit DepositFinalized(_remoteToken, _localToken, _from, _to, _amount, _extraData);
        super._emitERC20BridgeFinalized(_localToken, _remoteToken, _from, _to, _amount, _extraData);
    }
}
