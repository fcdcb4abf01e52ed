// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title EOA
/// @notice Whether the caller is an externally owned account, as the OP Stack's L1 contracts decide it.
library EOA {
    /// @notice True when the sender is the transaction's origin, or an EIP-7702 account (23 bytes of code that
    ///         begin with the 0xef0100 delegation marker).
    function isSenderEOA() internal view returns (bool) {
        if (msg.sender == tx.origin) return true;
        address sender = msg.sender;
        if (sender.code.length != 23) return false;
        bytes3 prefix;
        assembly {
            let word := mload(0x40)
            extcodecopy(sender, word, 0, 3)
            prefix := mload(word)
        }
        return prefix == bytes3(0xef0100);
    }
}
