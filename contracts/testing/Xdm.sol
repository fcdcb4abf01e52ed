// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { XdmOp } from "./XdmOp.sol";
import { XdmScroll, XdmScrollClaim } from "./XdmScroll.sol";
import { XdmStarknet } from "./XdmStarknet.sol";
import { XdmLog, XdmState, XdmStatus, XdmWorld } from "./XdmWorld.sol";

/// @title Xdm
/// @notice hardhat-xdm in a Solidity test (`npx hardhat test solidity`): run code on each chain of the
///         world, send with the real interfaces, relay everything pending the way each model does, move
///         the one clock of every chain. The plugin serves a fresh world while the Solidity tests run;
///         every test forks its chains and relays inside its own forks, so tests never see each other.
library Xdm {
    error XdmNoSuchMessage(uint256 index, uint256 count);

    /// @notice Runs the test's next calls on chain `name` (e.g. "l1", "opA", "scroll", "starknet").
    function select(string memory name) internal {
        XdmWorld.select(name);
    }

    /// @notice Runs the test's next calls on the chain with id `chainId`.
    function select(uint256 id) internal {
        XdmWorld.select(XdmWorld.nameOf(id));
    }

    /// @notice The chain selected ("" before any).
    function current() internal view returns (string memory) {
        return XdmWorld.current();
    }

    function chainId(string memory name) internal view returns (uint256) {
        return XdmWorld.chainIdOf(XdmWorld.checkedName(name));
    }

    /// @notice System contract `contractName` of chain `name` (e.g. ("scroll", "L2ScrollMessenger")).
    function contractAddress(string memory name, string memory contractName) internal view returns (address) {
        return XdmWorld.contractOf(XdmWorld.checkedName(name), "contracts", contractName);
    }

    /// @notice The L1 system contract `contractName` of L2 `name` (e.g. ("scroll", "L1ScrollMessenger")).
    function l1ContractAddress(string memory name, string memory contractName) internal view returns (address) {
        return XdmWorld.contractOf(XdmWorld.checkedName(name), "l1Contracts", contractName);
    }

    /// @notice Moves the one clock of every chain `seconds_` forward.
    function warp(uint256 seconds_) internal {
        XdmWorld.warp(seconds_);
    }

    /// @notice The time of every chain.
    function time() internal view returns (uint256) {
        return XdmWorld.state().clock;
    }

    /// @notice Relays everything pending on every chain until nothing moves, as `world.relayAll()` does:
    ///         OP messages, Scroll L1→L2 (after the L1 confirmations, mining the L1 as needed) and L2→L1
    ///         (batch, proof, finalization: claim with `scrollClaim`), StarkNet L1→L2 (to the l1 handler)
    ///         and L2→L1 (the state update; consume with consumeMessageFromL2). A failed OP message is
    ///         tried once more by each later call (anyone may relay it); a failed Scroll or StarkNet
    ///         L1→L2 message is not (replay it, or cancel it, on L1). The chain selected stays selected.
    /// @return moved How many messages changed status.
    function relayAll() internal returns (uint256 moved) {
        string memory previous = XdmWorld.current();
        XdmWorld.drain();
        XdmState storage s = XdmWorld.state();
        bool retry = true;
        while (true) {
            uint256 step = 0;
            for (uint256 i = 0; i < s.logs.length; i++) {
                XdmLog storage log = s.logs[i];
                if (log.status == XdmStatus.Unclaimed) classify(log);
                if (log.kind == 0) continue;
                if (_relay(log, retry)) step++;
            }
            step += XdmScroll.batch() + XdmStarknet.updateState();
            XdmWorld.drain();
            retry = false;
            moved += step;
            if (step == 0) break;
        }
        XdmWorld.restore(previous);
    }

    /// @notice How many logs the world emitted so far (messages and the rest).
    function logCount() internal returns (uint256) {
        XdmWorld.drain();
        return XdmWorld.state().logs.length;
    }

    /// @notice The messages read so far, in the order they were sent (across all chains).
    function messageCount() internal returns (uint256 count) {
        XdmWorld.drain();
        XdmState storage s = XdmWorld.state();
        for (uint256 i = 0; i < s.logs.length; i++) {
            if (s.logs[i].status == XdmStatus.Unclaimed) classify(s.logs[i]);
            if (s.logs[i].kind != 0) count++;
        }
    }

    /// @notice The `index`-th message (0 first, as `messageCount` counts).
    function message(uint256 index) internal returns (XdmLog memory) {
        uint256 count = messageCount();
        XdmState storage s = XdmWorld.state();
        uint256 seen = 0;
        for (uint256 i = 0; i < s.logs.length; i++) {
            if (s.logs[i].kind == 0) continue;
            if (seen == index) return s.logs[i];
            seen++;
        }
        revert XdmNoSuchMessage(index, count);
    }

    /// @notice The status of the `index`-th message.
    function status(uint256 index) internal returns (XdmStatus) {
        return message(index).status;
    }

    /// @notice What a finalized Scroll L2→L1 message needs for L1ScrollMessenger.relayMessageWithProof.
    function scrollClaim(string memory l2, uint256 messageNonce) internal returns (XdmScrollClaim memory) {
        XdmWorld.drain();
        return XdmScroll.claim(XdmWorld.checkedName(l2), messageNonce);
    }

    function classify(XdmLog storage log) private {
        if (!XdmOp.classify(log) && !XdmScroll.classify(log) && !XdmStarknet.classify(log)) {
            log.status = XdmStatus.Ignored;
        }
    }

    function _relay(XdmLog storage log, bool retry) private returns (bool) {
        if (log.kind == XdmOp.KIND_MESSAGE) return XdmOp.relay(log, retry);
        if (XdmScroll.owns(log.kind)) return XdmScroll.relay(log, retry);
        if (XdmStarknet.owns(log.kind)) return XdmStarknet.relay(log, retry);
        return false;
    }
}
