// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StarknetConstants} from "./StarknetConstants.sol";

/// @title StarknetOutput
/// @notice Layout and parsing of the StarkNet OS program output that a state update carries, and the fact that
/// binds it. Mirrored by `buildProgramOutput` / `stateTransitionFact` in src/protocols/starknet/encoding.ts.
/// @dev Output: a 10-word header, the L2 to L1 segment `[size, msgs…]` with messages
/// `[from, to, payload_size, payload…]`, then the L1 to L2 segment `[size, msgs…]` with messages
/// `[from, to, nonce, selector, payload_size, payload…]`. Offsets are absolute indices into the output.
library StarknetOutput {
    uint256 internal constant PREV_STATE_ROOT_OFFSET = 0;
    uint256 internal constant NEW_STATE_ROOT_OFFSET = 1;
    uint256 internal constant PREV_BLOCK_NUMBER_OFFSET = 2;
    uint256 internal constant NEW_BLOCK_NUMBER_OFFSET = 3;
    uint256 internal constant PREV_BLOCK_HASH_OFFSET = 4;
    uint256 internal constant NEW_BLOCK_HASH_OFFSET = 5;
    uint256 internal constant OS_PROGRAM_HASH_OFFSET = 6;
    uint256 internal constant CONFIG_HASH_OFFSET = 7;
    uint256 internal constant USE_KZG_DA_OFFSET = 8;
    uint256 internal constant FULL_OUTPUT_OFFSET = 9;
    uint256 internal constant HEADER_SIZE = 10;

    uint256 internal constant MESSAGE_TO_L1_FROM_ADDRESS_OFFSET = 0;
    uint256 internal constant MESSAGE_TO_L1_TO_ADDRESS_OFFSET = 1;
    uint256 internal constant MESSAGE_TO_L1_PAYLOAD_SIZE_OFFSET = 2;
    uint256 internal constant MESSAGE_TO_L1_PREFIX_SIZE = 3;

    uint256 internal constant MESSAGE_TO_L2_FROM_ADDRESS_OFFSET = 0;
    uint256 internal constant MESSAGE_TO_L2_TO_ADDRESS_OFFSET = 1;
    uint256 internal constant MESSAGE_TO_L2_NONCE_OFFSET = 2;
    uint256 internal constant MESSAGE_TO_L2_SELECTOR_OFFSET = 3;
    uint256 internal constant MESSAGE_TO_L2_PAYLOAD_SIZE_OFFSET = 4;
    uint256 internal constant MESSAGE_TO_L2_PREFIX_SIZE = 5;

    /// @dev Segment and payload sizes are bounded (real) so offsets can never overflow.
    uint256 internal constant MAX_SIZE = 2 ** 30;

    /// @dev Reverts with "PROGRAM_OUTPUT_VALUE_OUT_OF_RANGE" unless every word is a felt: a word the Cairo
    /// program could not have output means the output is forged.
    function requireFelts(uint256[] calldata output) internal pure {
        uint256 length = output.length;
        for (uint256 i = 0; i < length; ++i) {
            require(output[i] < StarknetConstants.FIELD_PRIME, "PROGRAM_OUTPUT_VALUE_OUT_OF_RANGE");
        }
    }

    /// @dev Reads the size word of the segment starting at `offset` and returns where the segment ends.
    /// A missing size word is reported as an invalid segment size (project; the real contract panics).
    function segmentEnd(uint256[] calldata output, uint256 offset) internal pure returns (uint256) {
        require(offset < output.length, "INVALID_MESSAGE_SEGMENT_SIZE");
        uint256 size = output[offset];
        require(size < MAX_SIZE, "INVALID_MESSAGE_SEGMENT_SIZE");
        return offset + 1 + size;
    }

    /// @dev Returns the end of the message starting at `offset`, whose payload size word sits at
    /// `offset + payloadSizeOffset`; the message must lie inside the output.
    function messageEnd(
        uint256[] calldata output,
        uint256 offset,
        uint256 payloadSizeOffset
    ) internal pure returns (uint256 end) {
        uint256 payloadSizeIndex = offset + payloadSizeOffset;
        require(payloadSizeIndex < output.length, "MESSAGE_TOO_SHORT");
        uint256 payloadSize = output[payloadSizeIndex];
        require(payloadSize < MAX_SIZE, "INVALID_PAYLOAD_LENGTH");
        end = payloadSizeIndex + 1 + payloadSize;
        require(end <= output.length, "TRUNCATED_MESSAGE_PAYLOAD");
    }

    /// @dev The state-transition fact: `keccak(keccak(output) ‖ n ‖ onchainDataHash ‖ n + onchainDataSize) + 1`
    /// with `n` the output length (real `OnchainDataFactTreeEncoder`); the `+ 1` keeps it distinct from the
    /// plain tree hash the same words would give.
    function stateTransitionFact(
        uint256[] calldata output,
        uint256 onchainDataHash,
        uint256 onchainDataSize
    ) internal pure returns (bytes32) {
        bytes32 outputHash = keccak256(abi.encodePacked(output));
        uint256 length = output.length;
        bytes32 tree = keccak256(abi.encodePacked(outputHash, length, onchainDataHash, length + onchainDataSize));
        return bytes32(uint256(tree) + 1);
    }
}
