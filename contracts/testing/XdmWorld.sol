// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { XdmVm, XDM_VM } from "./XdmVm.sol";

/// @notice Where a message stands in a Solidity test's world.
/// @custom:value Unclaimed  a log no model has read yet
/// @custom:value Pending    sent, not delivered yet
/// @custom:value Relayed    delivered on its destination (Scroll and StarkNet L2→L1: provable, claim it)
/// @custom:value Failed     its delivery reverted the protocol's way; recoverable the protocol's way
/// @custom:value Expired    OP: older than the expiry window, the supervisor refuses it (resend it)
/// @custom:value Cancelled  StarkNet L1→L2: its cancellation was requested on L1, never delivered
/// @custom:value Ignored    a log that is no message
enum XdmStatus {
    Unclaimed,
    Pending,
    Relayed,
    Failed,
    Expired,
    Cancelled,
    Ignored
}

/// @notice One log a test's world emitted, as the relayer read it, and what it became.
/// @custom:field chain       name of the chain it was emitted on
/// @custom:field route       the L2 whose model carries it (the chain itself for an L2's own logs)
/// @custom:field kind        the model's kind of message (see each model's library), 0 until read
/// @custom:field logIndex    its index among the logs of its block on its chain
struct XdmLog {
    string chain;
    string route;
    uint8 kind;
    XdmStatus status;
    address emitter;
    bytes32[] topics;
    bytes data;
    uint256 blockNumber;
    uint256 timestamp;
    uint256 logIndex;
    uint256 batchIndex;
    bytes failure;
}

/// @notice The relayer's state, kept in the test contract's storage (which persists across forks).
struct XdmState {
    string current;
    bool selected;
    uint256 clock;
    mapping(bytes32 => uint256) forkPlusOne;
    mapping(bytes32 => mapping(uint256 => uint256)) logsInBlock;
    XdmLog[] logs;
    mapping(bytes32 => bytes) scrollHeader;
    mapping(bytes32 => uint256) scrollBatchIndex;
    mapping(bytes32 => bytes32[]) scrollLeaves;
    mapping(bytes32 => bool) scrollLoaded;
    mapping(bytes32 => mapping(uint256 => uint256)) scrollLeavesInBatch;
}

/// @title XdmWorld
/// @notice The world of a Solidity test: the chains `npx hardhat test solidity` serves (read from the
///         XDM_SOLIDITY_WORLD variable the plugin sets), one fork per chain, the one clock, and every log
///         the forks emitted. The models' libraries (XdmOp, XdmScroll, XdmStarknet) relay on top of it.
library XdmWorld {
    /// @dev ERC-7201-style slot of XdmState in the test contract.
    bytes32 internal constant STATE_SLOT = keccak256("hardhat-xdm.testing.state");

    error XdmNoWorld();
    error XdmUnknownChain(string name);
    error XdmUnknownChainId(uint256 chainId);

    function state() internal pure returns (XdmState storage s) {
        bytes32 slot = STATE_SLOT;
        assembly ("memory-safe") {
            s.slot := slot
        }
    }

    /// @notice The world the plugin serves, as JSON.
    function json() internal view returns (string memory text) {
        text = XDM_VM.envOr("XDM_SOLIDITY_WORLD", string(""));
        if (bytes(text).length == 0) revert XdmNoWorld();
    }

    function names() internal view returns (string[] memory) {
        return XDM_VM.parseJsonStringArray(json(), ".names");
    }

    /// @notice The chain `name`, checked: reverts with the chain names there are.
    function checkedName(string memory name) internal view returns (string memory) {
        string[] memory all = names();
        for (uint256 i = 0; i < all.length; i++) {
            if (keccak256(bytes(all[i])) == keccak256(bytes(name))) return name;
        }
        revert XdmUnknownChain(name);
    }

    function nameOf(uint256 chainId) internal view returns (string memory) {
        string[] memory all = names();
        for (uint256 i = 0; i < all.length; i++) {
            if (chainIdOf(all[i]) == chainId) return all[i];
        }
        revert XdmUnknownChainId(chainId);
    }

    function key(string memory name, string memory field) internal pure returns (string memory) {
        return string.concat(".chains.", name, ".", field);
    }

    function chainIdOf(string memory name) internal view returns (uint256) {
        return XDM_VM.parseJsonUint(json(), key(name, "chainId"));
    }

    function protocolOf(string memory name) internal view returns (string memory) {
        return XDM_VM.parseJsonString(json(), key(name, "protocol"));
    }

    function isProtocol(string memory name, string memory protocol) internal view returns (bool) {
        return keccak256(bytes(protocolOf(name))) == keccak256(bytes(protocol));
    }

    /// @notice System contract `contractName` on chain `name` (an L2's own, or the L1's for "l1Contracts").
    function contractOf(string memory name, string memory holder, string memory contractName)
        internal
        view
        returns (address)
    {
        return XDM_VM.parseJsonAddress(json(), string.concat(key(name, holder), ".", contractName));
    }

    /// @notice The L2 of `protocol` whose L1 system contract `contractName` is `emitter`, if any: the
    ///         route of a message an L1 contract logged.
    function l2WithL1Contract(address emitter, string memory protocol, string memory contractName)
        internal
        view
        returns (bool found, string memory l2)
    {
        string[] memory chains = names();
        for (uint256 i = 1; i < chains.length; i++) {
            if (!isProtocol(chains[i], protocol)) continue;
            if (emitter == contractOf(chains[i], "l1Contracts", contractName)) return (true, chains[i]);
        }
        return (false, "");
    }

    function config(string memory path) internal view returns (uint256) {
        return XDM_VM.parseJsonUint(json(), string.concat(".config.", path));
    }

    function actor(string memory group, string memory name) internal view returns (address) {
        return XDM_VM.parseJsonAddress(json(), string.concat(".actors.", group, ".", name, ".address"));
    }

    function actorKey(string memory group, string memory name) internal view returns (uint256) {
        bytes memory raw = XDM_VM.parseJsonBytes(json(), string.concat(".actors.", group, ".", name, ".key"));
        return uint256(bytes32(raw));
    }

    function l1Name() internal view returns (string memory) {
        return names()[0];
    }

    /// @notice Makes `name` the chain the test's calls run on: its fork is created the first time, the
    ///         logs of the chain left are kept for the relayer, and the one clock applies.
    function select(string memory name) internal {
        XdmState storage s = state();
        checkedName(name);
        drain();
        bytes32 id = keccak256(bytes(name));
        if (s.forkPlusOne[id] == 0) {
            uint256 fork = XDM_VM.createFork(XDM_VM.parseJsonString(json(), key(name, "url")));
            s.forkPlusOne[id] = fork + 1;
        }
        XDM_VM.selectFork(s.forkPlusOne[id] - 1);
        s.current = name;
        s.selected = true;
        if (block.timestamp > s.clock) s.clock = block.timestamp;
        else if (block.timestamp < s.clock) XDM_VM.warp(s.clock);
        XDM_VM.recordLogs();
    }

    /// @notice The chain selected, or "" before any.
    function current() internal view returns (string memory) {
        return state().current;
    }

    /// @notice Moves the one clock of every chain `seconds_` forward (each fork follows when selected).
    function warp(uint256 seconds_) internal {
        // Logs emitted so far carry the block they were emitted in.
        drain();
        XdmState storage s = state();
        if (s.clock < block.timestamp) s.clock = block.timestamp;
        s.clock += seconds_;
        if (s.selected) XDM_VM.warp(s.clock);
    }

    /// @notice Mines `blocks` blocks on the selected chain (its number moves; the clock moves with the L1's
    ///         block time on every chain).
    function mine(uint256 blocks) internal {
        drain();
        XDM_VM.roll(block.number + blocks);
        warp(blocks * XDM_VM.parseJsonUint(json(), ".l1BlockTime"));
    }

    /// @notice Keeps the logs the selected chain emitted since it was selected (or since the last drain).
    function drain() internal {
        XdmState storage s = state();
        if (!s.selected) return;
        XdmVm.Log[] memory recorded = XDM_VM.getRecordedLogs();
        bytes32 id = keccak256(bytes(s.current));
        for (uint256 i = 0; i < recorded.length; i++) {
            XdmLog storage log = s.logs.push();
            log.chain = s.current;
            log.route = s.current;
            log.emitter = recorded[i].emitter;
            log.topics = recorded[i].topics;
            log.data = recorded[i].data;
            log.blockNumber = block.number;
            log.timestamp = block.timestamp;
            log.logIndex = s.logsInBlock[id][block.number]++;
        }
    }

    /// @notice Runs `name`'s relayer step with `name` selected, then the chain before is selected again.
    function on(string memory name) internal returns (string memory previous) {
        previous = state().current;
        select(name);
    }

    /// @notice Selects `previous` again after an `on` (nothing when no chain was selected before).
    function restore(string memory previous) internal {
        if (bytes(previous).length > 0) select(previous);
    }

    function isChain(XdmLog storage log, string memory name) internal view returns (bool) {
        return keccak256(bytes(log.chain)) == keccak256(bytes(name));
    }

    function topic0(XdmLog storage log) internal view returns (bytes32) {
        return log.topics.length == 0 ? bytes32(0) : log.topics[0];
    }
}
