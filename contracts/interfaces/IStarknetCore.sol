// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IStarknetMessaging} from "./IStarknetMessaging.sol";

/// @title IStarknetCore
/// @notice StarkNet's L1 core contract as the simulation runs it: the messaging of {IStarknetMessaging}, the
/// proven state updates that make L2 to L1 messages consumable, and the governance that configures both.
/// @dev Function names, events and revert strings follow starkware-libs/cairo-lang's `Starknet.sol`; events
/// marked (project) have no counterpart there.
interface IStarknetCore is IStarknetMessaging {
    /// @notice A state update was accepted on the strength of this proven fact.
    event LogStateTransitionFact(bytes32 stateTransitionFact);

    /// @notice The L2 state moved to `globalRoot` at block `blockNumber` with hash `blockHash`.
    event LogStateUpdate(uint256 globalRoot, int256 blockNumber, uint256 blockHash);

    /// @notice `operator` may now submit state updates.
    event LogOperatorAdded(address operator);

    /// @notice `operator` may no longer submit state updates.
    event LogOperatorRemoved(address operator);

    /// @notice Governance changed the OS program hash that state-update facts must be proven for.
    event ProgramHashChanged(address indexed changedBy, uint256 oldProgramHash, uint256 newProgramHash);

    /// @notice Governance changed the aggregator program hash used when the output names its OS program.
    event AggregatorProgramHashChanged(
        address indexed changedBy,
        uint256 oldAggregatorProgramHash,
        uint256 newAggregatorProgramHash
    );

    /// @notice Governance changed the StarkNet config hash every program output must carry.
    event ConfigHashChanged(address indexed changedBy, uint256 oldConfigHash, uint256 newConfigHash);

    /// @notice (project) Governance changed the cancellation delay of L1 to L2 messages.
    event MessageCancellationDelayChanged(address indexed changedBy, uint256 oldDelay, uint256 newDelay);

    /// @notice (project) Governance changed where consumed L1 to L2 message fees are paid (0: the operator).
    event FeeCollectionAddressChanged(address indexed changedBy, address oldCollector, address newCollector);

    /// @notice Applies a proven StarkNet state update and the messages it carries.
    /// @dev Only an operator ("ONLY_OPERATOR"). The checks and their revert strings are those of
    /// `Starknet.updateState`; the fact `keccak(programHash, stateTransitionFact)` must be valid in the verifier.
    /// @param programOutput The StarkNet OS output: header, L2 to L1 segment, L1 to L2 segment.
    /// @param onchainDataHash Hash of the data-availability data bound into the fact.
    /// @param onchainDataSize Size of the data-availability data bound into the fact.
    function updateState(uint256[] calldata programOutput, uint256 onchainDataHash, uint256 onchainDataSize) external;

    /// @notice The L2 state root of the last accepted update.
    function stateRoot() external view returns (uint256);

    /// @notice The L2 block number of the last accepted update (-1 before the first).
    function stateBlockNumber() external view returns (int256);

    /// @notice The L2 block hash of the last accepted update.
    function stateBlockHash() external view returns (uint256);

    /// @notice The StarkNet OS program hash that state-update facts are proven for.
    function programHash() external view returns (uint256);

    /// @notice The program hash facts are proven for when the output names its OS program (aggregator mode).
    function aggregatorProgramHash() external view returns (uint256);

    /// @notice The StarkNet config hash every program output must carry.
    function configHash() external view returns (uint256);

    /// @notice The fact registry that must hold each state update's fact.
    function verifier() external view returns (address);

    /// @notice Whether `user` may submit state updates.
    function isOperator(address user) external view returns (bool);

    /// @notice (project) The single governor allowed to call the governance functions.
    function governor() external view returns (address);

    /// @notice Where consumed L1 to L2 message fees are paid; 0 means the operator submitting the update.
    function feeCollector() external view returns (address);

    /// @notice Allows `newOperator` to submit state updates. Only governance ("ONLY_GOVERNANCE").
    function registerOperator(address newOperator) external;

    /// @notice Stops `removedOperator` from submitting state updates. Only governance ("ONLY_GOVERNANCE").
    function unregisterOperator(address removedOperator) external;

    /// @notice Sets the OS program hash. Only governance ("ONLY_GOVERNANCE").
    function setProgramHash(uint256 newProgramHash) external;

    /// @notice Sets the aggregator program hash. Only governance ("ONLY_GOVERNANCE").
    function setAggregatorProgramHash(uint256 newAggregatorProgramHash) external;

    /// @notice Sets the config hash. Only governance ("ONLY_GOVERNANCE").
    function setConfigHash(uint256 newConfigHash) external;

    /// @notice Sets the cancellation delay of L1 to L2 messages. Only governance ("ONLY_GOVERNANCE").
    function setMessageCancellationDelay(uint256 delayInSeconds) external;

    /// @notice Sets where consumed message fees are paid; 0 pays the operator. Only governance ("ONLY_GOVERNANCE").
    function setFeeCollectionAddress(address collector) external;
}
