// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { IL1MessageQueue } from "../interfaces/IL1MessageQueue.sol";
import { IL1ScrollMessenger } from "../interfaces/IL1ScrollMessenger.sol";
import { IL2MessageQueue } from "../interfaces/IL2MessageQueue.sol";
import { IL2ScrollMessenger } from "../interfaces/IL2ScrollMessenger.sol";
import { IScrollChain } from "../interfaces/IScrollChain.sol";
import { IScrollMessenger } from "../interfaces/IScrollMessenger.sol";
import { XDM_VM } from "./XdmVm.sol";
import { XdmLog, XdmState, XdmStatus, XdmWorld } from "./XdmWorld.sol";

/// @notice What L1ScrollMessenger.relayMessageWithProof takes for one finalized L2→L1 message.
struct XdmScrollClaim {
    address from;
    address to;
    uint256 value;
    uint256 nonce;
    bytes message;
    IL1ScrollMessenger.L2MessageProof proof;
}

/// @title XdmScroll
/// @notice Scroll in a Solidity test: the sequencer relays each L1 message (a QueueTransaction of the L2's
///         L1MessageQueue) once it has `xdm.scroll.l1Confirmations` L1 blocks over it, as an L2 transaction
///         from the sender's alias (the queue's sender); the batcher commits the L2's withdrawals in a version-0 batch on the
///         L2's ZKRollup and the sequencer finalizes it with the prover's signature over its public input
///         (MockRollupVerifier checks it); `claim` hands back the withdraw-trie proof of a message.
library XdmScroll {
    uint8 internal constant KIND_DEPOSIT = 11;
    uint8 internal constant KIND_WITHDRAWAL = 12;

    /// @dev The L2 block gas limit a batch's block context declares (the contracts only carry it).
    uint64 internal constant BLOCK_GAS_LIMIT = 30_000_000;

    error XdmScrollNotFinalized(string chain, uint256 messageNonce);
    error XdmScrollProverKey(address signer, address proverSigner);
    error XdmScrollWithdrawRoot(bytes32 computed, bytes32 onChain);

    function owns(uint8 kind) internal pure returns (bool) {
        return kind == KIND_DEPOSIT || kind == KIND_WITHDRAWAL;
    }

    /// @notice Reads `log` as a Scroll message (or a withdraw-trie leaf) when it is one.
    function classify(XdmLog storage log) internal returns (bool) {
        bytes32 topic = XdmWorld.topic0(log);
        if (XdmWorld.isChain(log, XdmWorld.l1Name())) {
            if (topic != IL1MessageQueue.QueueTransaction.selector) return false;
            (bool found, string memory l2) = XdmWorld.l2WithL1Contract(log.emitter, "scroll", "L1MessageQueue");
            if (!found) return false;
            log.route = l2;
            log.kind = KIND_DEPOSIT;
            log.status = XdmStatus.Pending;
            return true;
        }
        if (!XdmWorld.isProtocol(log.chain, "scroll")) return false;
        if (log.emitter == XdmWorld.contractOf(log.chain, "contracts", "L2MessageQueue")) {
            if (topic != IL2MessageQueue.AppendMessage.selector) return false;
            (, bytes32 messageHash) = abi.decode(log.data, (uint256, bytes32));
            leaves(log.chain).push(messageHash);
            log.status = XdmStatus.Ignored;
            return true;
        }
        if (log.emitter != XdmWorld.contractOf(log.chain, "contracts", "L2ScrollMessenger")) return false;
        if (topic != IScrollMessenger.SentMessage.selector) return false;
        log.kind = KIND_WITHDRAWAL;
        log.status = XdmStatus.Pending;
        return true;
    }

    /// @notice Relays an L1 message on its L2 (withdrawals move in `batch`). Returns whether it moved.
    ///         A failed one is never relayed again (its queue index is spent): replayMessage on L1
    ///         queues it anew.
    function relay(XdmLog storage log, bool) internal returns (bool) {
        if (log.kind != KIND_DEPOSIT || log.status != XdmStatus.Pending) return false;
        string memory previous = XdmWorld.on(log.chain);
        uint256 depth = block.number - log.blockNumber;
        uint256 confirmations = XdmWorld.config("scroll.l1Confirmations");
        if (depth < confirmations) XdmWorld.mine(confirmations - depth);
        XdmWorld.select(log.route);
        (, , uint256 gasLimit, bytes memory data) = abi.decode(log.data, (uint256, uint64, uint256, bytes));
        // The queue emits the sender already aliased: the L1 message transaction comes from it.
        address sender = address(uint160(uint256(log.topics[1])));
        address target = address(uint160(uint256(log.topics[2])));
        XDM_VM.prank(sender);
        (bool ok, bytes memory returned) = target.call{ gas: gasLimit }(data);
        XdmStatus before = log.status;
        if (ok && IL2ScrollMessenger(target).isL1MessageExecuted(keccak256(data))) {
            log.status = XdmStatus.Relayed;
            delete log.failure;
        } else {
            // A reverted or failed L1 message stays unexecuted: replayMessage on L1 sends it again.
            log.status = XdmStatus.Failed;
            log.failure = ok ? bytes("FailedRelayedMessage") : returned;
        }
        XdmWorld.restore(previous);
        return before != log.status;
    }

    /// @notice Commits and finalizes one batch on every Scroll L2 with withdrawals not yet in one.
    /// @return moved How many withdrawals became claimable.
    function batch() internal returns (uint256 moved) {
        string[] memory names = XdmWorld.names();
        XdmState storage s = XdmWorld.state();
        for (uint256 c = 1; c < names.length; c++) {
            if (!XdmWorld.isProtocol(names[c], "scroll")) continue;
            uint256 waiting = 0;
            for (uint256 i = 0; i < s.logs.length; i++) {
                XdmLog storage log = s.logs[i];
                if (log.kind == KIND_WITHDRAWAL && log.status == XdmStatus.Pending && XdmWorld.isChain(log, names[c]))
                    waiting++;
            }
            if (waiting == 0) continue;
            uint256 batchIndex = commitAndFinalize(names[c]);
            for (uint256 i = 0; i < s.logs.length; i++) {
                XdmLog storage log = s.logs[i];
                if (log.kind != KIND_WITHDRAWAL || log.status != XdmStatus.Pending) continue;
                if (!XdmWorld.isChain(log, names[c])) continue;
                log.status = XdmStatus.Relayed;
                log.batchIndex = batchIndex;
                moved++;
            }
        }
    }

    /// @notice The claim of L2→L1 message `messageNonce` of `l2`, once its batch is finalized.
    function claim(string memory l2, uint256 messageNonce) internal returns (XdmScrollClaim memory out) {
        XdmState storage s = XdmWorld.state();
        for (uint256 i = 0; i < s.logs.length; i++) {
            XdmLog storage log = s.logs[i];
            if (log.status == XdmStatus.Unclaimed) classify(log);
            if (log.kind != KIND_WITHDRAWAL || !XdmWorld.isChain(log, l2)) continue;
            (uint256 value, uint256 nonce, , bytes memory message) = abi.decode(
                log.data,
                (uint256, uint256, uint256, bytes)
            );
            if (nonce != messageNonce) continue;
            if (log.status != XdmStatus.Relayed) revert XdmScrollNotFinalized(l2, messageNonce);
            out.from = address(uint160(uint256(log.topics[1])));
            out.to = address(uint160(uint256(log.topics[2])));
            out.value = value;
            out.nonce = nonce;
            out.message = message;
            out.proof.batchIndex = log.batchIndex;
            uint256 count = s.scrollLeavesInBatch[keccak256(bytes(l2))][log.batchIndex];
            out.proof.merkleProof = proof(leaves(l2), count, nonce);
            return out;
        }
        revert XdmScrollNotFinalized(l2, messageNonce);
    }

    /// @notice The withdraw trie's leaves of `l2` (those before the test come from the served world).
    function leaves(string memory l2) internal returns (bytes32[] storage list) {
        XdmState storage s = XdmWorld.state();
        bytes32 id = keccak256(bytes(l2));
        list = s.scrollLeaves[id];
        if (!s.scrollLoaded[id]) {
            s.scrollLoaded[id] = true;
            bytes32[] memory served = XDM_VM.parseJsonBytes32Array(
                XdmWorld.json(),
                XdmWorld.key(l2, "facts.withdrawLeaves")
            );
            for (uint256 i = 0; i < served.length; i++) list.push(served[i]);
            s.scrollHeader[id] = XDM_VM.parseJsonBytes(XdmWorld.json(), XdmWorld.key(l2, "facts.batchHeader"));
            s.scrollBatchIndex[id] = XDM_VM.parseJsonUint(XdmWorld.json(), XdmWorld.key(l2, "facts.batchIndex"));
        }
    }

    /// @dev A batch being committed and finalized.
    struct Batch {
        uint256 index;
        bytes header;
        bytes32 dataHash;
        bytes32 withdrawRoot;
    }

    /// @dev The batcher's commitBatch and the sequencer's finalizeBatchWithProof of one batch on `l2`.
    function commitAndFinalize(string memory l2) private returns (uint256) {
        XdmState storage s = XdmWorld.state();
        bytes32 id = keccak256(bytes(l2));
        string memory previous = XdmWorld.on(l2);
        Batch memory next = commit(l2);
        uint256 delay = XdmWorld.config("scroll.proofDelay");
        if (delay > 0) XdmWorld.warp(delay);
        finalize(l2, next);
        s.scrollHeader[id] = next.header;
        s.scrollBatchIndex[id] = next.index;
        s.scrollLeavesInBatch[id][next.index] = leaves(l2).length;
        XdmWorld.restore(previous);
        return next.index;
    }

    /// @dev Commits the next batch of `l2` (selected): one block context of the L2's current block, no
    ///      transactions (the contracts hash what it declares); the L1 is selected after.
    function commit(string memory l2) private returns (Batch memory next) {
        XdmState storage s = XdmWorld.state();
        bytes32 id = keccak256(bytes(l2));
        bytes32[] storage all = leaves(l2);
        next.withdrawRoot = root(all, all.length);
        bytes32 onChain = IL2MessageQueue(XdmWorld.contractOf(l2, "contracts", "L2MessageQueue")).messageRoot();
        if (onChain != next.withdrawRoot) revert XdmScrollWithdrawRoot(next.withdrawRoot, onChain);
        bytes memory context = abi.encodePacked(uint64(block.number), uint64(block.timestamp), uint256(0), BLOCK_GAS_LIMIT);
        bytes[] memory chunks = new bytes[](1);
        chunks[0] = abi.encodePacked(uint8(1), context, uint16(0), uint16(0));
        next.dataHash = keccak256(abi.encodePacked(keccak256(abi.encodePacked(context, uint16(0)))));
        XdmWorld.select(XdmWorld.l1Name());
        bytes memory parent = s.scrollHeader[id];
        next.index = s.scrollBatchIndex[id] + 1;
        next.header = abi.encodePacked(
            uint8(0),
            uint64(next.index),
            uint64(0),
            uint64(totalL1MessagePopped(parent)),
            next.dataHash,
            keccak256(parent)
        );
        XDM_VM.prank(XdmWorld.actor("scroll", "sequencer"));
        IScrollChain(XdmWorld.contractOf(l2, "l1Contracts", "ZKRollup")).commitBatch(0, parent, chunks, "");
    }

    /// @dev Finalizes `next` on the L1 (selected) with the prover's proof.
    function finalize(string memory l2, Batch memory next) private {
        IScrollChain rollup = IScrollChain(XdmWorld.contractOf(l2, "l1Contracts", "ZKRollup"));
        bytes32 prevStateRoot = rollup.finalizedStateRoots(next.index - 1);
        bytes32 postStateRoot = keccak256(abi.encode(prevStateRoot, next.header));
        bytes memory aggrProof = prove(l2, prevStateRoot, postStateRoot, next.withdrawRoot, next.dataHash);
        XDM_VM.prank(XdmWorld.actor("scroll", "sequencer"));
        rollup.finalizeBatchWithProof(next.header, prevStateRoot, postStateRoot, next.withdrawRoot, aggrProof);
    }

    /// @dev The prover's signature over the batch's public input, with the key MockRollupVerifier knows.
    function prove(
        string memory l2,
        bytes32 prevStateRoot,
        bytes32 postStateRoot,
        bytes32 withdrawRoot,
        bytes32 dataHash
    ) private view returns (bytes memory) {
        bytes32 input = keccak256(
            abi.encodePacked(uint64(XdmWorld.chainIdOf(l2)), prevStateRoot, postStateRoot, withdrawRoot, dataHash)
        );
        uint256 key = XdmWorld.actorKey("scroll", "prover");
        (uint8 v, bytes32 r, bytes32 sig) = XDM_VM.sign(key, input);
        return abi.encodePacked(r, sig, v);
    }

    function totalL1MessagePopped(bytes memory header) private pure returns (uint64 total) {
        // version (1) ‖ batchIndex (8) ‖ l1MessagePopped (8) ‖ totalL1MessagePopped (8) ‖ …
        assembly ("memory-safe") {
            total := shr(192, mload(add(header, add(32, 17))))
        }
    }

    /// @notice The root of the withdraw trie of the first `count` leaves (L2MessageQueue's layout: the
    ///         complete tree of the smallest height holding them, empty subtrees hashed from zero).
    function root(bytes32[] storage all, uint256 count) internal view returns (bytes32) {
        if (count == 0) return bytes32(0);
        bytes32[] memory level = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) level[i] = all[i];
        bytes32 zero;
        while (level.length > 1) (level, zero) = up(level, zero);
        return level[0];
    }

    /// @notice The sibling path of leaf `index` in the trie of the first `count` leaves.
    function proof(bytes32[] storage all, uint256 count, uint256 index) internal view returns (bytes memory path) {
        bytes32[] memory level = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) level[i] = all[i];
        bytes32 zero;
        uint256 position = index;
        while (level.length > 1) {
            uint256 sibling = position ^ 1;
            path = bytes.concat(path, sibling < level.length ? level[sibling] : zero);
            (level, zero) = up(level, zero);
            position >>= 1;
        }
    }

    function up(bytes32[] memory level, bytes32 zero) private pure returns (bytes32[] memory next, bytes32 nextZero) {
        next = new bytes32[]((level.length + 1) / 2);
        for (uint256 i = 0; i < next.length; i++) {
            bytes32 right = 2 * i + 1 < level.length ? level[2 * i + 1] : zero;
            next[i] = keccak256(abi.encodePacked(level[2 * i], right));
        }
        nextZero = keccak256(abi.encodePacked(zero, zero));
    }
}
