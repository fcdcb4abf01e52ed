// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { ICrossL2Inbox, Identifier } from "../interfaces/ICrossL2Inbox.sol";
import { Hashing } from "./libraries/Hashing.sol";

/// @title CrossL2Inbox
/// @notice hardhat-xdm's CrossL2Inbox 1.0.2: the entry point of every executing message on an OP chain.
/// @dev On-chain it only proves that the transaction declared the message in its access list. Whether the
///      initiating log exists, matches, is in the dependency set and is not expired is checked off-chain, by
///      the supervisor, against the access-list keys. Installed with `hardhat_setCode`: it has no storage and
///      no constructor state.
contract CrossL2Inbox is ICrossL2Inbox {
    /// @inheritdoc ICrossL2Inbox
    string public constant version = "1.0.2";

    /// @dev A warm SLOAD costs 100 gas and a cold one 2100 (EIP-2929); anything in between separates them
    ///      with room for the few opcodes measured with it.
    uint256 internal constant WARM_READ_THRESHOLD = 1000;

    /// @inheritdoc ICrossL2Inbox
    function validateMessage(Identifier calldata _id, bytes32 _msgHash) external {
        bytes32 checksum = calculateChecksum(_id, _msgHash);
        (bool isWarm,) = _isWarm(checksum);
        if (!isWarm) revert NotInAccessList();
        emit ExecutingMessage(_msgHash, _id);
    }

    /// @inheritdoc ICrossL2Inbox
    function calculateChecksum(Identifier memory _id, bytes32 _msgHash) public pure returns (bytes32 checksum_) {
        checksum_ = Hashing.hashInteropChecksum(_id, _msgHash);
    }

    /// @dev The checksum slot is warm only if the transaction's access list named it (or this transaction
    ///      already read it), so the gas of one SLOAD tells whether the message was declared.
    ///      The loaded value leaves the assembly block on purpose: an SLOAD whose result is dropped inside the
    ///      block is removed by the optimizer, and every slot would then look warm. The legacy pipeline this
    ///      project compiles with keeps it; via-IR does not (see NOTES-op.md). The tests send a message without
    ///      its access list to catch that.
    function _isWarm(bytes32 _slot) internal view returns (bool isWarm_, uint256 value_) {
        assembly ("memory-safe") {
            let before := gas()
            value_ := sload(_slot)
            let spent := sub(before, gas())
            isWarm_ := iszero(gt(spent, WARM_READ_THRESHOLD))
        }
    }
}
