// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title BatchHeaderV0Codec
/// @notice The version-0 batch header, big-endian and packed:
/// `version u8 ‖ batchIndex u64 ‖ l1MessagePopped u64 ‖ totalL1MessagePopped u64 ‖ dataHash ‖
/// parentBatchHash ‖ skippedL1MessageBitmap` (one 32-byte word per 256 popped L1 messages).
/// @dev Mirrored by `encodeBatchHeaderV0` / `decodeBatchHeaderV0` in src/protocols/scroll/encoding.ts.
library BatchHeaderV0Codec {
    uint256 internal constant FIXED_LENGTH = 89;

    /// @notice Reverts unless `header` has the fixed part and exactly the bitmap its
    /// `l1MessagePopped` calls for. Every other accessor assumes this passed.
    function validate(bytes calldata header) internal pure {
        require(header.length >= FIXED_LENGTH, "batch header length too small");
        require(header.length == FIXED_LENGTH + bitmapLength(l1MessagePopped(header)), "wrong bitmap length");
    }

    /// @notice Bytes of bitmap for `popped` L1 messages: whole words, one bit per message.
    function bitmapLength(uint256 popped) internal pure returns (uint256) {
        return ((popped + 255) / 256) * 32;
    }

    function version(bytes calldata header) internal pure returns (uint256) {
        return uint8(header[0]);
    }

    function batchIndex(bytes calldata header) internal pure returns (uint256) {
        return uint64(bytes8(header[1:9]));
    }

    function l1MessagePopped(bytes calldata header) internal pure returns (uint256) {
        return uint64(bytes8(header[9:17]));
    }

    function totalL1MessagePopped(bytes calldata header) internal pure returns (uint256) {
        return uint64(bytes8(header[17:25]));
    }

    function dataHash(bytes calldata header) internal pure returns (bytes32) {
        return bytes32(header[25:57]);
    }

    function parentBatchHash(bytes calldata header) internal pure returns (bytes32) {
        return bytes32(header[57:89]);
    }

    /// @notice Bitmap word `wordIndex` (messages `256·wordIndex …`), LSB first.
    function skippedBitmap(bytes calldata header, uint256 wordIndex) internal pure returns (uint256) {
        uint256 start = FIXED_LENGTH + wordIndex * 32;
        return uint256(bytes32(header[start:start + 32]));
    }

    /// @notice Packs a header.
    function encode(
        uint8 version_,
        uint64 batchIndex_,
        uint64 l1MessagePopped_,
        uint64 totalL1MessagePopped_,
        bytes32 dataHash_,
        bytes32 parentBatchHash_,
        bytes calldata skippedL1MessageBitmap_
    ) internal pure returns (bytes memory) {
        return
            abi.encodePacked(
                version_,
                batchIndex_,
                l1MessagePopped_,
                totalL1MessagePopped_,
                dataHash_,
                parentBatchHash_,
                skippedL1MessageBitmap_
            );
    }

    /// @notice The batch hash: `keccak256(header)`.
    function hash(bytes calldata header) internal pure returns (bytes32) {
        return keccak256(header);
    }
}
