// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { AddressAliasHelper } from "../../scroll/libraries/AddressAliasHelper.sol";
import { BedrockAddresses } from "./BedrockAddresses.sol";
import { EOA } from "./EOA.sol";

/// @title OptimismPortal2
/// @notice The L1 entry of one OP chain (the 4.6.0 family's behaviour, errors and check order): deposits
///         are `TransactionDeposited` logs that the chain's sequencer executes on L2.
/// @dev Installed with `hardhat_setCode`: `initialize` sets what the real constructor and initializer set.
///      ETH stays in the portal (no ETHLockbox) and deposits are not metered (no L1 gas burned): see
///      docs/notes/op.md.
contract OptimismPortal2 {
    string public constant version = "4.6.0";
    uint256 internal constant DEPOSIT_VERSION = 0;
    uint64 internal constant RECEIVE_DEFAULT_GAS_LIMIT = 100_000;
    uint256 internal constant MAX_CALLDATA_LENGTH = 120_000;

    /// @notice The L2 sender of the withdrawal being finalized; 0x…dEaD otherwise.
    address public l2Sender;
    bool internal initialized;

    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);

    error OptimismPortal_BadTarget();
    error OptimismPortal_GasLimitTooLow();
    error OptimismPortal_CalldataTooLarge();

    /// @notice Sets the idle l2Sender once (the installer calls it).
    function initialize() external {
        require(!initialized, "Initializable: contract is already initialized");
        initialized = true;
        l2Sender = BedrockAddresses.DEFAULT_L2_SENDER;
    }

    /// @notice ETH sent here is deposited to the sender on L2 with 100_000 gas.
    receive() external payable {
        depositTransaction(msg.sender, msg.value, RECEIVE_DEFAULT_GAS_LIMIT, false, bytes(""));
    }

    /// @notice Accepts ETH without depositing it.
    function donateETH() external payable { }

    /// @notice The smallest gas limit a deposit with `_byteCount` bytes of calldata may ask for.
    function minimumGasLimit(uint64 _byteCount) public pure returns (uint64) {
        return _byteCount * 40 + 21000;
    }

    /// @notice Deposits a transaction to L2: `msg.value` is minted to the sender there, then the sender (its
    ///         alias when it is a contract) calls `_to` with `_value`, `_gasLimit` and `_data`, or creates a
    ///         contract when `_isCreation`.
    function depositTransaction(
        address _to,
        uint256 _value,
        uint64 _gasLimit,
        bool _isCreation,
        bytes memory _data
    )
        public
        payable
    {
        if (_isCreation && _to != address(0)) revert OptimismPortal_BadTarget();
        if (_gasLimit < minimumGasLimit(uint64(_data.length))) revert OptimismPortal_GasLimitTooLow();
        if (_data.length > MAX_CALLDATA_LENGTH) revert OptimismPortal_CalldataTooLarge();
        address from = msg.sender;
        if (!EOA.isSenderEOA()) from = AddressAliasHelper.applyL1ToL2Alias(msg.sender);
        bytes memory opaqueData = abi.encodePacked(msg.value, _value, _gasLimit, _isCreation, _data);
        emit TransactionDeposited(from, _to, DEPOSIT_VERSION, opaqueData);
    }
}
