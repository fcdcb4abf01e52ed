// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RLPWriter
/// @notice Canonical RLP of the few item kinds an L1 message transaction holds.
library RLPWriter {
    /// @notice An unsigned integer: minimal big-endian bytes, zero as the empty string.
    function writeUint(uint256 value) internal pure returns (bytes memory) {
        if (value == 0) return hex"80";
        if (value < 0x80) return abi.encodePacked(uint8(value));
        bytes memory be = _minimalBigEndian(value);
        return abi.encodePacked(uint8(0x80 + be.length), be);
    }

    /// @notice A 20-byte address as a byte string.
    function writeAddress(address account) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes1(0x94), account);
    }

    /// @notice A byte string; a single byte below 0x80 is its own encoding.
    function writeBytes(bytes memory data) internal pure returns (bytes memory) {
        if (data.length == 1 && uint8(data[0]) < 0x80) return data;
        return abi.encodePacked(_lengthPrefix(data.length, 0x80), data);
    }

    /// @notice A list around the concatenation of already encoded items.
    function writeList(bytes memory encodedItems) internal pure returns (bytes memory) {
        return abi.encodePacked(_lengthPrefix(encodedItems.length, 0xc0), encodedItems);
    }

    function _lengthPrefix(uint256 length, uint8 offset) private pure returns (bytes memory) {
        if (length <= 55) return abi.encodePacked(uint8(offset + length));
        bytes memory be = _minimalBigEndian(length);
        return abi.encodePacked(uint8(offset + 55 + be.length), be);
    }

    function _minimalBigEndian(uint256 value) private pure returns (bytes memory be) {
        uint256 size;
        for (uint256 v = value; v != 0; v >>= 8) size++;
        be = new bytes(size);
        for (uint256 i = size; i > 0; i--) {
            be[i - 1] = bytes1(uint8(value));
            value >>= 8;
        }
    }
}
