// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { Identifier } from "../interfaces/ICrossL2Inbox.sol";
import { ICrossL2Inbox } from "../interfaces/ICrossL2Inbox.sol";
import { IL2ToL2CrossDomainMessenger } from "../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { Predeploys } from "../op/libraries/Predeploys.sol";
import { XDM_VM } from "./XdmVm.sol";
import { XdmLog, XdmStatus, XdmWorld } from "./XdmWorld.sol";

/// @title XdmOp
/// @notice OP Stack interop in a Solidity test: the supervisor's checks and the autorelayer. A SentMessage
///         of an OP chain's L2ToL2CrossDomainMessenger is relayed on its destination with its real
///         identifier (the log's chain, block, index in its block and timestamp); the supervisor refuses an
///         identifier older than `xdm.op.expiryWindow`, and declares the others the only way a Solidity test
///         can (see `declare`), so CrossL2Inbox's access-list check holds for them and for nothing else.
library XdmOp {
    uint8 internal constant KIND_MESSAGE = 1;

    /// @notice Reads `log` as an OP message when it is one.
    function classify(XdmLog storage log) internal returns (bool) {
        if (!XdmWorld.isProtocol(log.chain, "op")) return false;
        if (log.emitter != Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER) return false;
        if (XdmWorld.topic0(log) != IL2ToL2CrossDomainMessenger.SentMessage.selector) return false;
        log.kind = KIND_MESSAGE;
        log.status = XdmStatus.Pending;
        return true;
    }

    /// @notice The identifier of the initiating message `log`.
    function identifier(XdmLog storage log) internal view returns (Identifier memory) {
        return Identifier({
            origin: log.emitter,
            blockNumber: log.blockNumber,
            logIndex: log.logIndex,
            timestamp: log.timestamp,
            chainId: XdmWorld.chainIdOf(log.chain)
        });
    }

    /// @notice The log's payload, as relayMessage takes it: its topics, then its data.
    function payload(XdmLog storage log) internal view returns (bytes memory sent) {
        sent = abi.encodePacked(log.topics);
        sent = bytes.concat(sent, log.data);
    }

    /// @notice Relays `log` on its destination once (a failed one is tried again by the next relayAll).
    ///         Returns whether its status changed.
    function relay(XdmLog storage log, bool retryFailed) internal returns (bool) {
        if (log.status == XdmStatus.Failed && !retryFailed) return false;
        if (log.status != XdmStatus.Pending && log.status != XdmStatus.Failed) return false;
        Identifier memory id = identifier(log);
        // The supervisor's expiry rule, on the one clock: the executing block is the destination's now.
        uint256 expiry = XdmWorld.config("op.expiryWindow");
        if (XdmWorld.state().clock > id.timestamp + expiry) {
            log.status = XdmStatus.Expired;
            return true;
        }
        uint256 destination = uint256(log.topics[1]);
        string memory previous = XdmWorld.on(XdmWorld.nameOf(destination));
        bytes memory sent = payload(log);
        declare(id, keccak256(sent));
        XDM_VM.prank(XdmWorld.actor("op", "autorelayer"));
        (bool ok, bytes memory returned) = Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER.call(
            abi.encodeCall(IL2ToL2CrossDomainMessenger.relayMessage, (id, sent))
        );
        XdmStatus before = log.status;
        if (ok) {
            log.status = XdmStatus.Relayed;
            delete log.failure;
        } else {
            log.status = XdmStatus.Failed;
            log.failure = returned;
        }
        XdmWorld.restore(previous);
        return before != log.status;
    }

    /// @notice Declares the executing message (id, msgHash) for this test's transaction: CrossL2Inbox
    ///         proves declaration by the warmth of the checksum slot. EDR applies `vm.accessList` only to
    ///         transactions a script broadcasts and its `vm.warmSlot` left the slot cold (measured), so
    ///         the supervisor reads the slot once through `vm.load`, which warms it as an access-list entry
    ///         would. A test function is one transaction: a declared slot stays warm until the test ends.
    function declare(Identifier memory id, bytes32 msgHash) internal view {
        bytes32 checksum = ICrossL2Inbox(Predeploys.CROSS_L2_INBOX).calculateChecksum(id, msgHash);
        XDM_VM.load(Predeploys.CROSS_L2_INBOX, checksum);
    }
}
