// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {L1Handler} from "../../starknet/L1Handler.sol";

/// @title StarknetRevertingHandler
/// @notice Test helper: L1 handlers that always fail.
contract StarknetRevertingHandler is L1Handler {
    /// @notice Handler `deposit(uint256,uint256[])` that always reverts with "HANDLER_ALWAYS_REVERTS".
    function deposit(uint256, uint256[] calldata) external view onlyL1Handler {
        revert("HANDLER_ALWAYS_REVERTS");
    }

    /// @notice Handler that reverts with `size` bytes of 0xff, to check that revert data is capped.
    function revertLarge(uint256 size, uint256[] calldata) external view onlyL1Handler {
        assembly {
            let ptr := mload(0x40)
            for {
                let i := 0
            } lt(i, size) {
                i := add(i, 0x20)
            } {
                mstore(add(ptr, i), not(0))
            }
            revert(ptr, size)
        }
    }
}

/// @title StarknetRecordingHandler
/// @notice Test helper: an L1 handler that records what it received, and a sender of L2 to L1 messages.
contract StarknetRecordingHandler is L1Handler {
    uint256 public calls;
    uint256 public lastFromAddress;
    uint256[] private _lastPayload;

    event Recorded(uint256 fromAddress, uint256[] payload);

    /// @notice Handler that records its arguments.
    function record(uint256 fromAddress, uint256[] calldata payload) external onlyL1Handler {
        calls += 1;
        lastFromAddress = fromAddress;
        _lastPayload = payload;
        emit Recorded(fromAddress, payload);
    }

    /// @notice The payload of the last recorded delivery.
    function lastPayload() external view returns (uint256[] memory) {
        return _lastPayload;
    }

    /// @notice Sends an L2 to L1 message from this contract.
    function sendToL1(uint256 toAddress, uint256[] calldata payload) external returns (bytes32) {
        return _sendMessageToL1(toAddress, payload);
    }
}

/// @title StarknetEtherRejecter
/// @notice Test helper: refuses ETH, to exercise "ETH_TRANSFER_FAILED" as a fee collector.
contract StarknetEtherRejecter {}
