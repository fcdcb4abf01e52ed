// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SafeSend
/// @notice Pays its creation value to `_recipient` without running the recipient's code: the constructor
///         self-destructs to the recipient, which is how the real ETHLiquidity and SuperchainETHBridge pay out.
/// @dev Created and destroyed in the same transaction, so under Cancun the account is removed and only the
///      balance moves. A recipient that rejects ETH (no receive, reverting fallback) is paid all the same.
contract SafeSend {
    /// @param _recipient Receiver of the contract's whole balance.
    constructor(address payable _recipient) payable {
        selfdestruct(_recipient);
    }
}
