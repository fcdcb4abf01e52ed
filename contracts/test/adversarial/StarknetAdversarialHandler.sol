// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {L1Handler} from "../../starknet/L1Handler.sol";

/// @title StarknetAdversarialHandler
/// @notice Adversarial test handlers on the simulated StarkNet L2: one that records large payloads by
/// their length and hash, and one that tries to deliver L1 messages itself from inside its own delivery.
contract StarknetAdversarialHandler is L1Handler {
    uint256 public calls;
    uint256 public lastFromAddress;
    uint256 public lastLength;
    bytes32 public lastPayloadHash;

    /// @notice The call {reenter} makes into StarknetL2Messaging, and whether it reverts with its failure.
    bytes public armed;
    bool public bubble;
    bool public lastSuccess;
    bytes public lastReturnData;

    /// @notice Handler that keeps the payload's length and hash (any length).
    function record(uint256 fromAddress, uint256[] calldata payload) external onlyL1Handler {
        calls += 1;
        lastFromAddress = fromAddress;
        lastLength = payload.length;
        lastPayloadHash = keccak256(abi.encodePacked(payload));
    }

    /// @notice Handler that succeeds after burning all but the last few thousand gas it was given.
    function guzzle(uint256, uint256[] calldata) external onlyL1Handler {
        calls += 1;
        while (gasleft() > 5_000) {}
    }

    /// @notice Sets the call {reenter} makes. Anyone may arm it.
    function arm(bytes calldata data, bool bubble_) external {
        armed = data;
        bubble = bubble_;
    }

    /// @notice Handler that calls StarknetL2Messaging with the armed calldata (e.g. handleL1Message).
    function reenter(uint256, uint256[] calldata) external onlyL1Handler {
        calls += 1;
        (bool success, bytes memory returnData) = STARKNET_L2_MESSAGING.call(armed);
        lastSuccess = success;
        lastReturnData = returnData;
        if (!success && bubble) {
            assembly ("memory-safe") {
                revert(add(returnData, 0x20), mload(returnData))
            }
        }
    }

    /// @notice Sends an L2 to L1 message from this contract.
    function sendToL1(uint256 toAddress, uint256[] calldata payload) external returns (bytes32) {
        return _sendMessageToL1(toAddress, payload);
    }
}
