// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title StarknetCoreStorage
/// @notice The named storage of StarknetCore: each variable lives at `keccak(tag)` (mapping entries at
/// `keccak(abi.encode(key, slot))`), as in StarkWare's `NamedStorage`, so tools that read the real core
/// contract's storage read this one the same way. Mirrored by `STARKNET_SLOTS` in
/// src/protocols/starknet/encoding.ts.
/// @dev The code is installed with `hardhat_setCode`, so nothing may live in constructor state; named slots
/// also keep these variables clear of anything a future base contract adds at slot 0.
library StarknetCoreStorage {
    /// @dev The L2 state as of the last accepted update (root, then number, then hash: three consecutive slots).
    struct State {
        uint256 globalRoot;
        int256 blockNumber;
        uint256 blockHash;
    }

    // Real tags ("MAPPPING" is spelled so in the original).
    bytes32 internal constant L1_TO_L2_MESSAGES_SLOT = keccak256("STARKNET_1.0_MSGING_L1TOL2_MAPPPING_V2");
    bytes32 internal constant L2_TO_L1_MESSAGES_SLOT = keccak256("STARKNET_1.0_MSGING_L2TOL1_MAPPPING");
    bytes32 internal constant L1_TO_L2_NONCE_SLOT = keccak256("STARKNET_1.0_MSGING_L1TOL2_NONCE");
    bytes32 internal constant L1_TO_L2_CANCELLATIONS_SLOT =
        keccak256("STARKNET_1.0_MSGING_L1TOL2_CANCELLATION_MAPPPING");
    bytes32 internal constant CANCELLATION_DELAY_SLOT = keccak256("STARKNET_1.0_MSGING_L1TOL2_CANCELLATION_DELAY");
    bytes32 internal constant STATE_SLOT = keccak256("STARKNET_1.0_INIT_STARKNET_STATE_STRUCT");
    bytes32 internal constant PROGRAM_HASH_SLOT = keccak256("STARKNET_1.0_INIT_PROGRAM_HASH_UINT");
    bytes32 internal constant AGGREGATOR_PROGRAM_HASH_SLOT = keccak256("STARKNET_1.0_INIT_AGGREGATOR_PROGRAM_HASH_UINT");
    bytes32 internal constant VERIFIER_SLOT = keccak256("STARKNET_1.0_INIT_VERIFIER_ADDRESS");
    bytes32 internal constant CONFIG_HASH_SLOT = keccak256("STARKNET_1.0_STARKNET_CONFIG_HASH");
    bytes32 internal constant OPERATORS_SLOT = keccak256("STARKNET_1.0_ROLES_OPERATORS_MAPPING_TAG");

    // Project tags: the real contract keeps these in structures the simulation does not reproduce.
    bytes32 internal constant GOVERNOR_SLOT = keccak256("HARDHAT_XDM_STARKNET_GOVERNOR");
    bytes32 internal constant FEE_COLLECTOR_SLOT = keccak256("HARDHAT_XDM_STARKNET_FEE_COLLECTOR");
    bytes32 internal constant INITIALIZED_SLOT = keccak256("HARDHAT_XDM_STARKNET_INITIALIZED");

    /// @dev Message hash => fee + 1 while pending.
    function l1ToL2Messages() internal pure returns (mapping(bytes32 => uint256) storage messages) {
        bytes32 slot = L1_TO_L2_MESSAGES_SLOT;
        assembly ("memory-safe") {
            messages.slot := slot
        }
    }

    /// @dev Message hash => number of proven, unconsumed copies.
    function l2ToL1Messages() internal pure returns (mapping(bytes32 => uint256) storage messages) {
        bytes32 slot = L2_TO_L1_MESSAGES_SLOT;
        assembly ("memory-safe") {
            messages.slot := slot
        }
    }

    /// @dev Message hash => timestamp of the last cancellation request.
    function l1ToL2Cancellations() internal pure returns (mapping(bytes32 => uint256) storage requests) {
        bytes32 slot = L1_TO_L2_CANCELLATIONS_SLOT;
        assembly ("memory-safe") {
            requests.slot := slot
        }
    }

    /// @dev Operator address => allowed to update the state.
    function operators() internal pure returns (mapping(address => bool) storage allowed) {
        bytes32 slot = OPERATORS_SLOT;
        assembly ("memory-safe") {
            allowed.slot := slot
        }
    }

    /// @dev The L2 state struct.
    function state() internal pure returns (State storage s) {
        bytes32 slot = STATE_SLOT;
        assembly ("memory-safe") {
            s.slot := slot
        }
    }
}
