// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Types
/// @notice The structs the OP Stack's L1↔L2 contracts pass around: a withdrawal as the L2ToL1MessagePasser
///         hashed it, and the preimage of a version-0 output root.
library Types {
    /// @notice One withdrawal, the fields `L2ToL1MessagePasser.initiateWithdrawal` hashed.
    struct WithdrawalTransaction {
        uint256 nonce;
        address sender;
        address target;
        uint256 value;
        uint256 gasLimit;
        bytes data;
    }

    /// @notice What a version-0 output root commits to: an L2 block's state root, the message passer's storage
    ///         root in that state, and the block's hash.
    struct OutputRootProof {
        bytes32 version;
        bytes32 stateRoot;
        bytes32 messagePasserStorageRoot;
        bytes32 latestBlockhash;
    }
}
