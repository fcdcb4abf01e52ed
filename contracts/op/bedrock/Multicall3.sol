// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Multicall3
/// @notice Several calls in one, at Multicall3's address on every chain (0xcA11…CA11). viem reads the dispute
///         games of a withdrawal's status through `aggregate3`; `aggregate` and the block getters are the rest
///         of what clients call most.
contract Multicall3 {
    struct Call {
        address target;
        bytes callData;
    }

    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    /// @notice Runs each call; reverts "Multicall3: call failed" when one fails.
    function aggregate(Call[] calldata _calls) external payable returns (uint256 blockNumber_, bytes[] memory returnData_) {
        blockNumber_ = block.number;
        returnData_ = new bytes[](_calls.length);
        for (uint256 i = 0; i < _calls.length; i++) {
            bool success;
            (success, returnData_[i]) = _calls[i].target.call(_calls[i].callData);
            require(success, "Multicall3: call failed");
        }
    }

    /// @notice Runs each call; one that fails reverts the whole unless it allows failure.
    function aggregate3(Call3[] calldata _calls) external payable returns (Result[] memory results_) {
        results_ = new Result[](_calls.length);
        for (uint256 i = 0; i < _calls.length; i++) {
            (bool success, bytes memory data) = _calls[i].target.call(_calls[i].callData);
            require(success || _calls[i].allowFailure, "Multicall3: call failed");
            results_[i] = Result(success, data);
        }
    }

    function getBlockNumber() external view returns (uint256) {
        return block.number;
    }

    function getCurrentBlockTimestamp() external view returns (uint256) {
        return block.timestamp;
    }

    function getChainId() external view returns (uint256) {
        return block.chainid;
    }

    function getEthBalance(address _account) external view returns (uint256) {
        return _account.balance;
    }
}
