// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RLPWriter} from "./RLPWriter.sol";

/// @title L1MessageTx
/// @notice The hash L1MessageQueue stores per entry is the hash l2geth gives the L1 message
/// transaction that executes it, so a batch can prove it included exactly the queued entries.
/// @dev Mirrored by `queueEntryHash` in src/protocols/scroll/encoding.ts.
library L1MessageTx {
    /// @dev l2geth's `L1MessageTxType`.
    uint8 internal constant TX_TYPE = 0x7E;

    /// @notice `keccak256(0x7E ‖ rlp([queueIndex, gasLimit, target, value, data, sender]))`.
    function hash(
        address sender,
        uint256 queueIndex,
        uint256 value,
        address target,
        uint256 gasLimit,
        bytes memory data
    ) internal pure returns (bytes32) {
        bytes memory fields = abi.encodePacked(
            RLPWriter.writeUint(queueIndex),
            RLPWriter.writeUint(gasLimit),
            RLPWriter.writeAddress(target),
            RLPWriter.writeUint(value),
            RLPWriter.writeBytes(data),
            RLPWriter.writeAddress(sender)
        );
        return keccak256(abi.encodePacked(TX_TYPE, RLPWriter.writeList(fields)));
    }
}
