// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IQueryableFactRegistry} from "../interfaces/IQueryableFactRegistry.sol";

/// @title MockFactRegistry
/// @notice Stands in for StarkWare's SHARP verifier: a fact is valid once the mock prover registered it.
/// @dev The mock prover registers exactly the facts of the outputs it was asked to prove, so a forged output
/// still fails StarknetCore's "NO_STATE_TRANSITION_PROOF" check. Installed with `hardhat_setCode` and set up
/// by {initialize}.
contract MockFactRegistry is IQueryableFactRegistry {
    /// @notice `fact` is now valid.
    event FactRegistered(bytes32 indexed fact);

    /// @notice (project) The contract was set up by the plugin.
    event Initialized(address prover);

    address private _prover;
    bool private _hasRegisteredFact;
    mapping(bytes32 fact => bool valid) private _facts;

    /// @notice Sets up the contract once, right after its code is installed.
    /// @dev Reverts with "ALREADY_INITIALIZED" on a second call and "BAD_INITIALIZATION" for a zero prover.
    /// @param prover_ The only account allowed to register facts (the mock prover).
    function initialize(address prover_) external {
        require(_prover == address(0), "ALREADY_INITIALIZED");
        require(prover_ != address(0), "BAD_INITIALIZATION");
        _prover = prover_;
        emit Initialized(prover_);
    }

    /// @notice Registers `fact` as proven. Only the prover ("ONLY_PROVER").
    /// @dev Registering a fact twice is harmless and emits nothing the second time.
    function registerFact(bytes32 fact) external {
        require(msg.sender == _prover, "ONLY_PROVER");
        if (_facts[fact]) return;
        _facts[fact] = true;
        _hasRegisteredFact = true;
        emit FactRegistered(fact);
    }

    /// @inheritdoc IQueryableFactRegistry
    function hasRegisteredFact() external view returns (bool) {
        return _hasRegisteredFact;
    }

    /// @notice Whether `fact` was registered by the prover.
    function isValid(bytes32 fact) external view returns (bool) {
        return _facts[fact];
    }

    /// @notice The only account allowed to register facts.
    function prover() external view returns (address) {
        return _prover;
    }
}
