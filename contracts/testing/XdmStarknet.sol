// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { IStarknetCore } from "../interfaces/IStarknetCore.sol";
import { IStarknetL2Messaging } from "../interfaces/IStarknetL2Messaging.sol";
import { IStarknetMessaging } from "../interfaces/IStarknetMessaging.sol";
import { StarknetConstants } from "../starknet/libraries/StarknetConstants.sol";
import { XDM_VM } from "./XdmVm.sol";
import { XdmLog, XdmState, XdmStatus, XdmWorld } from "./XdmWorld.sol";

/// @dev What the state updater uses of MockFactRegistry beyond IFactRegistry.
interface IXdmFactRegistry {
    function registerFact(bytes32 fact) external;
    function prover() external view returns (address);
}

/// @title XdmStarknet
/// @notice StarkNet in a Solidity test: the sequencer delivers each L1→L2 message (LogMessageToL2 of the
///         L2's StarknetCore) to its l1 handler through StarknetL2Messaging once it has
///         `xdm.starknet.l1Confirmations` L1 blocks over it, skipping one whose cancellation was requested;
///         the state updater closes the L2's messages to L1 and the handled L1→L2 messages into one OS
///         program output, the prover registers its fact and the operator sends updateState. A handler that
///         reverts leaves its message pending on L1 (cancel it there); the nonce is never handled again.
library XdmStarknet {
    uint8 internal constant KIND_DEPOSIT = 21;
    uint8 internal constant KIND_WITHDRAWAL = 22;

    function owns(uint8 kind) internal pure returns (bool) {
        return kind == KIND_DEPOSIT || kind == KIND_WITHDRAWAL;
    }

    function classify(XdmLog storage log) internal returns (bool) {
        bytes32 topic = XdmWorld.topic0(log);
        if (XdmWorld.isChain(log, XdmWorld.l1Name())) {
            if (topic != IStarknetMessaging.LogMessageToL2.selector) return false;
            (bool found, string memory l2) = XdmWorld.l2WithL1Contract(log.emitter, "starknet", "StarknetCore");
            if (!found) return false;
            log.route = l2;
            log.kind = KIND_DEPOSIT;
            log.status = XdmStatus.Pending;
            return true;
        }
        if (!XdmWorld.isProtocol(log.chain, "starknet")) return false;
        if (log.emitter != XdmWorld.contractOf(log.chain, "contracts", "StarknetL2Messaging")) return false;
        if (topic != IStarknetL2Messaging.MessageToL1Sent.selector) return false;
        log.kind = KIND_WITHDRAWAL;
        log.status = XdmStatus.Pending;
        return true;
    }

    /// @notice Delivers an L1→L2 message to its l1 handler (L2→L1 messages move in `updateState`).
    function relay(XdmLog storage log, bool) internal returns (bool) {
        if (log.kind != KIND_DEPOSIT || log.status != XdmStatus.Pending) return false;
        string memory previous = XdmWorld.on(log.chain);
        uint256 depth = block.number - log.blockNumber;
        uint256 confirmations = XdmWorld.config("starknet.l1Confirmations");
        if (depth < confirmations) XdmWorld.mine(confirmations - depth);
        if (cancelled(log)) {
            log.status = XdmStatus.Cancelled;
            XdmWorld.restore(previous);
            return true;
        }
        XdmWorld.select(log.route);
        bool handled = handle(log);
        log.status = handled ? XdmStatus.Relayed : XdmStatus.Failed;
        if (!handled) log.failure = bytes("L1HandlerReverted: the message stays pending on L1; cancel it there");
        XdmWorld.restore(previous);
        return true;
    }

    /// @dev Whether L1 no longer holds the message, or its cancellation was requested there.
    function cancelled(XdmLog storage log) private view returns (bool) {
        (uint256[] memory payload, uint256 nonce, ) = abi.decode(log.data, (uint256[], uint256, uint256));
        IStarknetMessaging core = IStarknetMessaging(XdmWorld.contractOf(log.route, "l1Contracts", "StarknetCore"));
        bytes32 msgHash = core.l1ToL2MsgHash(
            address(uint160(uint256(log.topics[1]))),
            uint256(log.topics[2]),
            uint256(log.topics[3]),
            payload,
            nonce
        );
        return core.l1ToL2MessageCancellations(msgHash) != 0 || core.l1ToL2Messages(msgHash) == 0;
    }

    /// @dev The sequencer's handleL1Message of `log` on the selected L2.
    function handle(XdmLog storage log) private returns (bool) {
        (uint256[] memory payload, uint256 nonce, uint256 fee) = abi.decode(log.data, (uint256[], uint256, uint256));
        IStarknetL2Messaging messaging = IStarknetL2Messaging(
            XdmWorld.contractOf(log.route, "contracts", "StarknetL2Messaging")
        );
        XDM_VM.prank(messaging.sequencer());
        return messaging.handleL1Message(
            uint256(log.topics[1]),
            uint256(log.topics[2]),
            uint256(log.topics[3]),
            payload,
            nonce,
            fee
        );
    }

    /// @notice One state update on every StarkNet L2 with messages to L1 or handled L1→L2 messages not yet in one.
    /// @return moved How many messages it carried.
    function updateState() internal returns (uint256 moved) {
        string[] memory names = XdmWorld.names();
        for (uint256 c = 1; c < names.length; c++) {
            if (!XdmWorld.isProtocol(names[c], "starknet")) continue;
            moved += update(names[c]);
        }
    }

    function update(string memory l2) private returns (uint256 moved) {
        (uint256[] memory toL1, uint256[] memory toL2, uint256 count) = segments(XdmWorld.state(), l2);
        if (count == 0) return 0;
        string memory previous = XdmWorld.on(l2);
        uint256 newBlockNumber = block.number;
        // The next update closes a later L2 block.
        XDM_VM.roll(block.number + 1);
        XdmWorld.select(XdmWorld.l1Name());
        uint256 delay = XdmWorld.config("starknet.proofDelay");
        if (delay > 0) XdmWorld.warp(delay);
        IStarknetCore core = IStarknetCore(XdmWorld.contractOf(l2, "l1Contracts", "StarknetCore"));
        submit(core, concat(header(core, newBlockNumber), toL1, toL2));
        moved = mark(l2, newBlockNumber);
        XdmWorld.restore(previous);
    }

    /// @dev The prover registers the output's fact; the operator sends updateState.
    function submit(IStarknetCore core, uint256[] memory output) private {
        bytes32 outputHash = keccak256(abi.encodePacked(output));
        bytes32 tree = keccak256(abi.encodePacked(outputHash, output.length, uint256(0), output.length));
        bytes32 stateTransitionFact = bytes32(uint256(tree) + 1);
        IXdmFactRegistry registry = IXdmFactRegistry(core.verifier());
        bytes32 fact = keccak256(abi.encode(core.programHash(), stateTransitionFact));
        // Every argument is read before the prank: it applies to the next call only.
        XDM_VM.prank(registry.prover());
        registry.registerFact(fact);
        XDM_VM.prank(XdmWorld.actor("starknet", "sequencer"));
        core.updateState(output, 0, 0);
    }

    /// @dev Marks the messages the update of L2 block `blockNumber` carried.
    function mark(string memory l2, uint256 blockNumber) private returns (uint256 moved) {
        XdmState storage s = XdmWorld.state();
        for (uint256 i = 0; i < s.logs.length; i++) {
            XdmLog storage log = s.logs[i];
            if (!carried(log, l2)) continue;
            if (log.kind == KIND_WITHDRAWAL) log.status = XdmStatus.Relayed;
            log.batchIndex = blockNumber;
            moved++;
        }
    }

    /// @dev Whether `log` waits for the next state update of `l2`.
    function carried(XdmLog storage log, string memory l2) private view returns (bool) {
        if (log.batchIndex != 0) return false;
        if (log.kind == KIND_WITHDRAWAL) return log.status == XdmStatus.Pending && XdmWorld.isChain(log, l2);
        if (log.kind == KIND_DEPOSIT) {
            return log.status == XdmStatus.Relayed && keccak256(bytes(log.route)) == keccak256(bytes(l2));
        }
        return false;
    }

    /// @dev The program output's messages to L1 and to L2 segments (each prefixed by its size).
    function segments(XdmState storage s, string memory l2)
        private
        view
        returns (uint256[] memory toL1, uint256[] memory toL2, uint256 count)
    {
        toL1 = new uint256[](1);
        toL2 = new uint256[](1);
        for (uint256 i = 0; i < s.logs.length; i++) {
            XdmLog storage log = s.logs[i];
            if (!carried(log, l2)) continue;
            count++;
            if (log.kind == KIND_WITHDRAWAL) {
                uint256[] memory payload = abi.decode(log.data, (uint256[]));
                uint256[] memory prefix = new uint256[](3);
                prefix[0] = uint256(log.topics[1]);
                prefix[1] = uint256(log.topics[2]);
                prefix[2] = payload.length;
                toL1 = concat(toL1, prefix, payload);
            } else {
                (uint256[] memory payload, uint256 nonce, ) = abi.decode(log.data, (uint256[], uint256, uint256));
                uint256[] memory prefix = new uint256[](5);
                prefix[0] = uint256(log.topics[1]);
                prefix[1] = uint256(log.topics[2]);
                prefix[2] = nonce;
                prefix[3] = uint256(log.topics[3]);
                prefix[4] = payload.length;
                toL2 = concat(toL2, prefix, payload);
            }
        }
        toL1[0] = toL1.length - 1;
        toL2[0] = toL2.length - 1;
    }

    /// @dev The OS output header continuing the state StarknetCore holds.
    function header(IStarknetCore core, uint256 newBlockNumber) private view returns (uint256[] memory words) {
        words = new uint256[](10);
        int256 stored = core.stateBlockNumber();
        uint256 prevRoot = core.stateRoot();
        words[0] = prevRoot;
        words[1] = felt(keccak256(abi.encode("root", prevRoot, newBlockNumber)));
        words[2] = stored == -1 ? StarknetConstants.FIELD_PRIME - 1 : uint256(stored);
        words[3] = newBlockNumber;
        words[4] = core.stateBlockHash();
        words[5] = felt(keccak256(abi.encode("block", newBlockNumber)));
        words[6] = 0; // not aggregator mode
        words[7] = core.configHash();
        words[8] = 0; // no KZG data availability
        words[9] = 0; // no full output
    }

    function felt(bytes32 value) private pure returns (uint256) {
        return uint256(value) >> 6; // 250 bits: below the field prime
    }

    function concat(uint256[] memory a, uint256[] memory b, uint256[] memory c)
        private
        pure
        returns (uint256[] memory out)
    {
        out = new uint256[](a.length + b.length + c.length);
        uint256 at = 0;
        for (uint256 i = 0; i < a.length; i++) out[at++] = a[i];
        for (uint256 i = 0; i < b.length; i++) out[at++] = b[i];
        for (uint256 i = 0; i < c.length; i++) out[at++] = c[i];
    }
}
