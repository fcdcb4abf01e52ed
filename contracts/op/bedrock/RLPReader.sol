// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RLPReader
/// @notice Reads the RLP the Merkle-Patricia trie nodes of an `eth_getProof` answer are made of: a node is a
///         list, its items are byte strings (paths, values, child hashes) or short lists (inline children).
/// @dev Works on copies in memory: a withdrawal proof is a handful of nodes of at most ~532 bytes each.
library RLPReader {
    /// @notice The payload offset and length of the item that starts at `_offset` of `_encoded`, and whether
    ///         it is a list.
    function header(bytes memory _encoded, uint256 _offset)
        internal
        pure
        returns (uint256 payloadOffset_, uint256 payloadLength_, bool isList_)
    {
        require(_offset < _encoded.length, "RLPReader: RLP item cannot be null");
        uint256 prefix = uint8(_encoded[_offset]);
        if (prefix <= 0x7f) {
            (payloadOffset_, payloadLength_, isList_) = (_offset, 1, false);
        } else if (prefix <= 0xb7) {
            (payloadOffset_, payloadLength_, isList_) = (_offset + 1, prefix - 0x80, false);
        } else if (prefix <= 0xbf) {
            uint256 lengthOfLength = prefix - 0xb7;
            payloadLength_ = _bigEndian(_encoded, _offset + 1, lengthOfLength);
            (payloadOffset_, isList_) = (_offset + 1 + lengthOfLength, false);
        } else if (prefix <= 0xf7) {
            (payloadOffset_, payloadLength_, isList_) = (_offset + 1, prefix - 0xc0, true);
        } else {
            uint256 lengthOfLength = prefix - 0xf7;
            payloadLength_ = _bigEndian(_encoded, _offset + 1, lengthOfLength);
            (payloadOffset_, isList_) = (_offset + 1 + lengthOfLength, true);
        }
        require(payloadOffset_ + payloadLength_ <= _encoded.length, "RLPReader: RLP item is longer than its input");
    }

    /// @notice The raw encodings of the items of the list `_encoded` (which must be exactly one list).
    function readList(bytes memory _encoded) internal pure returns (bytes[] memory items_) {
        (uint256 offset, uint256 length, bool isList) = header(_encoded, 0);
        require(isList, "RLPReader: decoded item type for list is not a list item");
        uint256 end = offset + length;
        require(end == _encoded.length, "RLPReader: list item has an invalid data remainder");
        uint256 count = 0;
        for (uint256 at = offset; at < end; count++) {
            at = _itemEnd(_encoded, at);
        }
        items_ = new bytes[](count);
        uint256 cursor = offset;
        for (uint256 i = 0; i < count; i++) {
            uint256 itemEnd = _itemEnd(_encoded, cursor);
            items_[i] = slice(_encoded, cursor, itemEnd - cursor);
            cursor = itemEnd;
        }
    }

    /// @notice The payload of the byte string `_item` (one item, not a list).
    function readBytes(bytes memory _item) internal pure returns (bytes memory) {
        (uint256 offset, uint256 length, bool isList) = header(_item, 0);
        require(!isList, "RLPReader: decoded item type for bytes is not a data item");
        require(offset + length == _item.length, "RLPReader: bytes value contains an invalid remainder");
        return slice(_item, offset, length);
    }

    /// @notice `_length` bytes of `_data` from `_start`.
    function slice(bytes memory _data, uint256 _start, uint256 _length) internal pure returns (bytes memory out_) {
        out_ = new bytes(_length);
        for (uint256 i = 0; i < _length; i++) {
            out_[i] = _data[_start + i];
        }
    }

    function _itemEnd(bytes memory _encoded, uint256 _offset) private pure returns (uint256) {
        (uint256 payloadOffset, uint256 payloadLength,) = header(_encoded, _offset);
        return payloadOffset + payloadLength;
    }

    function _bigEndian(bytes memory _encoded, uint256 _start, uint256 _count) private pure returns (uint256 value_) {
        require(_count <= 32 && _start + _count <= _encoded.length, "RLPReader: invalid length prefix");
        for (uint256 i = 0; i < _count; i++) {
            value_ = (value_ << 8) | uint8(_encoded[_start + i]);
        }
    }
}
