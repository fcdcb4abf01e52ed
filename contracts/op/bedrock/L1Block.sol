// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { BedrockAddresses } from "./BedrockAddresses.sol";

/// @title L1Block
/// @notice The predeploy at 0x4200…0015: the L1 block the chain's latest deposits came from, set by the
///         depositor account before the sequencer executes them.
contract L1Block {
    string public constant version = "1.6.0";

    uint64 public number;
    uint64 public timestamp;
    uint256 public basefee;
    bytes32 public hash;
    uint64 public sequenceNumber;

    /// @notice Records the L1 block `_hash` (number, time, base fee); only the depositor account may.
    function setL1BlockValues(
        uint64 _number,
        uint64 _timestamp,
        uint256 _basefee,
        bytes32 _hash,
        uint64 _sequenceNumber
    )
        external
    {
        require(msg.sender == BedrockAddresses.DEPOSITOR_ACCOUNT, "L1Block: only the depositor account can set L1 block values");
        number = _number;
        timestamp = _timestamp;
        basefee = _basefee;
        hash = _hash;
        sequenceNumber = _sequenceNumber;
    }

    /// @notice The depositor account, which sets these values.
    function DEPOSITOR_ACCOUNT() external pure returns (address) {
        return BedrockAddresses.DEPOSITOR_ACCOUNT;
    }
}
