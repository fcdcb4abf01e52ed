// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StorageSlot} from "@openzeppelin/contracts/utils/StorageSlot.sol";

import {IFactRegistry} from "../interfaces/IFactRegistry.sol";
import {IStarknetCore} from "../interfaces/IStarknetCore.sol";
import {IStarknetMessaging} from "../interfaces/IStarknetMessaging.sol";
import {StarknetConstants} from "./libraries/StarknetConstants.sol";
import {StarknetCoreStorage} from "./libraries/StarknetCoreStorage.sol";
import {StarknetMessageHash} from "./libraries/StarknetMessageHash.sol";
import {StarknetOutput} from "./libraries/StarknetOutput.sol";

/// @title StarknetCore
/// @notice The simulated StarkNet core contract on L1: L1 to L2 messages with fees and cancellation, and state
/// updates that, once their fact is proven in the verifier, make L2 to L1 messages consumable and settle the
/// L1 to L2 messages that L2 handled.
/// @dev Behaves as starkware-libs/cairo-lang `Starknet.sol` + `StarknetMessaging.sol` (Cairo-v0.14.0.1):
/// same ABI, check order, revert strings and named storage slots. Installed with `hardhat_setCode` and set
/// up by {initialize}, so it holds no constructor state and no immutables.
contract StarknetCore is IStarknetCore {
    using StorageSlot for bytes32;

    /// @notice (project) The contract was set up by the plugin.
    event Initialized(
        address governor,
        address verifier,
        address operator,
        uint256 programHash,
        uint256 aggregatorProgramHash,
        uint256 configHash,
        uint256 messageCancellationDelay
    );

    modifier onlyGovernance() {
        require(msg.sender == governor(), "ONLY_GOVERNANCE");
        _;
    }

    modifier onlyOperator() {
        require(isOperator(msg.sender), "ONLY_OPERATOR");
        _;
    }

    /// @notice Sets up the contract once, right after its code is installed; the L2 state starts at
    /// root 0, block -1, hash 0 (before the first block).
    /// @dev Reverts with "ALREADY_INITIALIZED" on a second call and "BAD_INITIALIZATION" for a zero governor,
    /// verifier or program hash. A zero `operator_` registers no operator.
    /// @param governor_ The account allowed to call the governance functions.
    /// @param verifier_ The fact registry holding proven state-update facts.
    /// @param operator_ The first operator (the simulation's sequencer account).
    /// @param programHash_ The StarkNet OS program hash facts are proven for.
    /// @param aggregatorProgramHash_ The program hash facts are proven for in aggregator mode.
    /// @param configHash_ The StarkNet config hash outputs must carry.
    /// @param messageCancellationDelay_ Seconds between a cancellation request and the cancellation.
    function initialize(
        address governor_,
        address verifier_,
        address operator_,
        uint256 programHash_,
        uint256 aggregatorProgramHash_,
        uint256 configHash_,
        uint256 messageCancellationDelay_
    ) external {
        StorageSlot.BooleanSlot storage initialized = StarknetCoreStorage.INITIALIZED_SLOT.getBooleanSlot();
        require(!initialized.value, "ALREADY_INITIALIZED");
        require(
            governor_ != address(0) && verifier_ != address(0) && programHash_ != 0,
            "BAD_INITIALIZATION"
        );
        initialized.value = true;

        StarknetCoreStorage.GOVERNOR_SLOT.getAddressSlot().value = governor_;
        StarknetCoreStorage.VERIFIER_SLOT.getAddressSlot().value = verifier_;
        StarknetCoreStorage.PROGRAM_HASH_SLOT.getUint256Slot().value = programHash_;
        StarknetCoreStorage.AGGREGATOR_PROGRAM_HASH_SLOT.getUint256Slot().value = aggregatorProgramHash_;
        StarknetCoreStorage.CONFIG_HASH_SLOT.getUint256Slot().value = configHash_;
        StarknetCoreStorage.CANCELLATION_DELAY_SLOT.getUint256Slot().value = messageCancellationDelay_;

        // Block -1 so that the first update, which names block 0, is strictly newer.
        StarknetCoreStorage.State storage s = StarknetCoreStorage.state();
        s.globalRoot = 0;
        s.blockNumber = -1;
        s.blockHash = 0;

        emit Initialized(
            governor_,
            verifier_,
            operator_,
            programHash_,
            aggregatorProgramHash_,
            configHash_,
            messageCancellationDelay_
        );
        if (operator_ != address(0)) _registerOperator(operator_);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Messaging
    // ---------------------------------------------------------------------------------------------------------

    /// @inheritdoc IStarknetMessaging
    function getMaxL1MsgFee() public pure returns (uint256) {
        return StarknetConstants.MAX_L1_MSG_FEE;
    }

    /// @inheritdoc IStarknetMessaging
    function sendMessageToL2(
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload
    ) external payable returns (bytes32, uint256) {
        require(msg.value > 0, "L1_MSG_FEE_MUST_BE_GREATER_THAN_0");
        require(msg.value <= getMaxL1MsgFee(), "MAX_L1_MSG_FEE_EXCEEDED");

        StorageSlot.Uint256Slot storage nonceSlot = StarknetCoreStorage.L1_TO_L2_NONCE_SLOT.getUint256Slot();
        uint256 nonce = nonceSlot.value;
        nonceSlot.value = nonce + 1;
        emit LogMessageToL2(msg.sender, toAddress, selector, payload, nonce, msg.value);

        bytes32 msgHash = StarknetMessageHash.l1ToL2(uint256(uint160(msg.sender)), toAddress, selector, payload, nonce);
        // The fresh nonce makes the hash new, so no pending message is overwritten. Storing fee + 1 keeps a
        // zero fee distinguishable from "not pending" (real; fees are now always > 0 anyway).
        StarknetCoreStorage.l1ToL2Messages()[msgHash] = msg.value + 1;
        return (msgHash, nonce);
    }

    /// @inheritdoc IStarknetMessaging
    function consumeMessageFromL2(uint256 fromAddress, uint256[] calldata payload) external returns (bytes32) {
        bytes32 msgHash = StarknetMessageHash.l2ToL1(fromAddress, uint256(uint160(msg.sender)), payload);
        mapping(bytes32 => uint256) storage messages = StarknetCoreStorage.l2ToL1Messages();
        require(messages[msgHash] > 0, "INVALID_MESSAGE_TO_CONSUME");
        emit ConsumedMessageToL1(fromAddress, msg.sender, payload);
        // A refcount, not a flag: a message sent k times is consumable exactly k times.
        messages[msgHash] -= 1;
        return msgHash;
    }

    /// @inheritdoc IStarknetMessaging
    function startL1ToL2MessageCancellation(
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload,
        uint256 nonce
    ) external returns (bytes32) {
        emit MessageToL2CancellationStarted(msg.sender, toAddress, selector, payload, nonce);
        // Only the sender can name its own message: the hash binds msg.sender.
        bytes32 msgHash = StarknetMessageHash.l1ToL2(uint256(uint160(msg.sender)), toAddress, selector, payload, nonce);
        require(StarknetCoreStorage.l1ToL2Messages()[msgHash] > 0, "NO_MESSAGE_TO_CANCEL");
        // A repeated request restarts the delay (real).
        StarknetCoreStorage.l1ToL2Cancellations()[msgHash] = block.timestamp;
        return msgHash;
    }

    /// @inheritdoc IStarknetMessaging
    function cancelL1ToL2Message(
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload,
        uint256 nonce
    ) external returns (bytes32) {
        emit MessageToL2Canceled(msg.sender, toAddress, selector, payload, nonce);
        bytes32 msgHash = StarknetMessageHash.l1ToL2(uint256(uint160(msg.sender)), toAddress, selector, payload, nonce);
        mapping(bytes32 => uint256) storage messages = StarknetCoreStorage.l1ToL2Messages();
        require(messages[msgHash] != 0, "NO_MESSAGE_TO_CANCEL");

        uint256 requestTime = StarknetCoreStorage.l1ToL2Cancellations()[msgHash];
        require(requestTime != 0, "MESSAGE_CANCELLATION_NOT_REQUESTED");
        uint256 cancelAllowedTime;
        // Unchecked so that a huge governance-set delay reports its own error instead of a panic.
        unchecked {
            cancelAllowedTime = requestTime + messageCancellationDelay();
        }
        require(cancelAllowedTime >= requestTime, "CANCEL_ALLOWED_TIME_OVERFLOW");
        require(block.timestamp >= cancelAllowedTime, "MESSAGE_CANCELLATION_NOT_ALLOWED_YET");

        // The fee stays in the contract (real): the sequencer may already have spent work on the message.
        messages[msgHash] = 0;
        return msgHash;
    }

    /// @inheritdoc IStarknetMessaging
    function l1ToL2Messages(bytes32 msgHash) external view returns (uint256) {
        return StarknetCoreStorage.l1ToL2Messages()[msgHash];
    }

    /// @inheritdoc IStarknetMessaging
    function l2ToL1Messages(bytes32 msgHash) external view returns (uint256) {
        return StarknetCoreStorage.l2ToL1Messages()[msgHash];
    }

    /// @inheritdoc IStarknetMessaging
    function l1ToL2MessageCancellations(bytes32 msgHash) external view returns (uint256) {
        return StarknetCoreStorage.l1ToL2Cancellations()[msgHash];
    }

    /// @inheritdoc IStarknetMessaging
    function l1ToL2MessageNonce() public view returns (uint256) {
        return StarknetCoreStorage.L1_TO_L2_NONCE_SLOT.getUint256Slot().value;
    }

    /// @inheritdoc IStarknetMessaging
    function messageCancellationDelay() public view returns (uint256) {
        return StarknetCoreStorage.CANCELLATION_DELAY_SLOT.getUint256Slot().value;
    }

    /// @inheritdoc IStarknetMessaging
    function l1ToL2MsgHash(
        address fromAddress,
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload,
        uint256 nonce
    ) external pure returns (bytes32) {
        return StarknetMessageHash.l1ToL2(uint256(uint160(fromAddress)), toAddress, selector, payload, nonce);
    }

    /// @inheritdoc IStarknetMessaging
    function l2ToL1MsgHash(
        uint256 fromAddress,
        address toAddress,
        uint256[] calldata payload
    ) external pure returns (bytes32) {
        return StarknetMessageHash.l2ToL1(fromAddress, uint256(uint160(toAddress)), payload);
    }

    // ---------------------------------------------------------------------------------------------------------
    // State update
    // ---------------------------------------------------------------------------------------------------------

    /// @inheritdoc IStarknetCore
    function updateState(
        uint256[] calldata programOutput,
        uint256 onchainDataHash,
        uint256 onchainDataSize
    ) external onlyOperator {
        require(programOutput.length > StarknetOutput.HEADER_SIZE, "STARKNET_OUTPUT_TOO_SHORT");
        StarknetCoreStorage.State storage s = StarknetCoreStorage.state();
        require(
            programOutput[StarknetOutput.PREV_BLOCK_NUMBER_OFFSET] == _prevBlockNumberWord(s.blockNumber),
            "INVALID_PREV_BLOCK_NUMBER"
        );
        require(programOutput[StarknetOutput.USE_KZG_DA_OFFSET] == 0, "UNEXPECTED_KZG_DA_FLAG");

        bytes32 stateTransitionFact = StarknetOutput.stateTransitionFact(
            programOutput,
            onchainDataHash,
            onchainDataSize
        );
        _requireProvenOutput(programOutput, stateTransitionFact);
        emit LogStateTransitionFact(stateTransitionFact);

        _advanceState(s, programOutput);

        // Messages are processed after the state moved: the fee payment below is an external call, and a
        // reentrant update then sees the new state (and is caught by the final block-number check).
        uint256 offset = _processMessagesToL1(programOutput, StarknetOutput.HEADER_SIZE);
        uint256 fees;
        (offset, fees) = _processMessagesToL2(programOutput, offset);
        if (fees > 0) _payFees(fees);

        require(offset == programOutput.length, "STARKNET_OUTPUT_TOO_LONG");
        emit LogStateUpdate(s.globalRoot, s.blockNumber, s.blockHash);
        require(
            s.blockNumber == int256(programOutput[StarknetOutput.NEW_BLOCK_NUMBER_OFFSET]),
            "REENTRANCY_FAILURE"
        );
    }

    /// @inheritdoc IStarknetCore
    function stateRoot() external view returns (uint256) {
        return StarknetCoreStorage.state().globalRoot;
    }

    /// @inheritdoc IStarknetCore
    function stateBlockNumber() external view returns (int256) {
        return StarknetCoreStorage.state().blockNumber;
    }

    /// @inheritdoc IStarknetCore
    function stateBlockHash() external view returns (uint256) {
        return StarknetCoreStorage.state().blockHash;
    }

    /// @inheritdoc IStarknetCore
    function programHash() public view returns (uint256) {
        return StarknetCoreStorage.PROGRAM_HASH_SLOT.getUint256Slot().value;
    }

    /// @inheritdoc IStarknetCore
    function aggregatorProgramHash() public view returns (uint256) {
        return StarknetCoreStorage.AGGREGATOR_PROGRAM_HASH_SLOT.getUint256Slot().value;
    }

    /// @inheritdoc IStarknetCore
    function configHash() public view returns (uint256) {
        return StarknetCoreStorage.CONFIG_HASH_SLOT.getUint256Slot().value;
    }

    /// @inheritdoc IStarknetCore
    function verifier() public view returns (address) {
        return StarknetCoreStorage.VERIFIER_SLOT.getAddressSlot().value;
    }

    /// @inheritdoc IStarknetCore
    function isOperator(address user) public view returns (bool) {
        return StarknetCoreStorage.operators()[user];
    }

    /// @inheritdoc IStarknetCore
    function governor() public view returns (address) {
        return StarknetCoreStorage.GOVERNOR_SLOT.getAddressSlot().value;
    }

    /// @inheritdoc IStarknetCore
    function feeCollector() public view returns (address) {
        return StarknetCoreStorage.FEE_COLLECTOR_SLOT.getAddressSlot().value;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Governance
    // ---------------------------------------------------------------------------------------------------------

    /// @inheritdoc IStarknetCore
    function registerOperator(address newOperator) external onlyGovernance {
        _registerOperator(newOperator);
    }

    /// @inheritdoc IStarknetCore
    function unregisterOperator(address removedOperator) external onlyGovernance {
        mapping(address => bool) storage allowed = StarknetCoreStorage.operators();
        if (allowed[removedOperator]) {
            allowed[removedOperator] = false;
            emit LogOperatorRemoved(removedOperator);
        }
    }

    /// @inheritdoc IStarknetCore
    function setProgramHash(uint256 newProgramHash) external onlyGovernance {
        StorageSlot.Uint256Slot storage slot = StarknetCoreStorage.PROGRAM_HASH_SLOT.getUint256Slot();
        emit ProgramHashChanged(msg.sender, slot.value, newProgramHash);
        slot.value = newProgramHash;
    }

    /// @inheritdoc IStarknetCore
    function setAggregatorProgramHash(uint256 newAggregatorProgramHash) external onlyGovernance {
        StorageSlot.Uint256Slot storage slot = StarknetCoreStorage.AGGREGATOR_PROGRAM_HASH_SLOT.getUint256Slot();
        emit AggregatorProgramHashChanged(msg.sender, slot.value, newAggregatorProgramHash);
        slot.value = newAggregatorProgramHash;
    }

    /// @inheritdoc IStarknetCore
    function setConfigHash(uint256 newConfigHash) external onlyGovernance {
        StorageSlot.Uint256Slot storage slot = StarknetCoreStorage.CONFIG_HASH_SLOT.getUint256Slot();
        emit ConfigHashChanged(msg.sender, slot.value, newConfigHash);
        slot.value = newConfigHash;
    }

    /// @inheritdoc IStarknetCore
    function setMessageCancellationDelay(uint256 delayInSeconds) external onlyGovernance {
        StorageSlot.Uint256Slot storage slot = StarknetCoreStorage.CANCELLATION_DELAY_SLOT.getUint256Slot();
        emit MessageCancellationDelayChanged(msg.sender, slot.value, delayInSeconds);
        slot.value = delayInSeconds;
    }

    /// @inheritdoc IStarknetCore
    function setFeeCollectionAddress(address collector) external onlyGovernance {
        StorageSlot.AddressSlot storage slot = StarknetCoreStorage.FEE_COLLECTOR_SLOT.getAddressSlot();
        emit FeeCollectionAddressChanged(msg.sender, slot.value, collector);
        slot.value = collector;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------------------

    function _registerOperator(address newOperator) private {
        mapping(address => bool) storage allowed = StarknetCoreStorage.operators();
        if (!allowed[newOperator]) {
            allowed[newOperator] = true;
            emit LogOperatorAdded(newOperator);
        }
    }

    /// @dev The OS writes "no previous block" as the felt -1, i.e. `P - 1`.
    function _prevBlockNumberWord(int256 blockNumber) private pure returns (uint256) {
        if (blockNumber == -1) return StarknetConstants.FIELD_PRIME - 1;
        return uint256(blockNumber);
    }

    /// @dev Checks that the output is a well-formed OS output for this configuration, and that the verifier
    /// holds its fact for the expected program.
    function _requireProvenOutput(uint256[] calldata programOutput, bytes32 stateTransitionFact) private view {
        StarknetOutput.requireFelts(programOutput);
        require(programOutput[StarknetOutput.CONFIG_HASH_OFFSET] == configHash(), "INVALID_CONFIG_HASH");
        require(programOutput[StarknetOutput.FULL_OUTPUT_OFFSET] == 0, "FULL_OUTPUT_NOT_SUPPORTED");

        uint256 factProgramHash = programHash();
        uint256 outputProgramHash = programOutput[StarknetOutput.OS_PROGRAM_HASH_OFFSET];
        if (outputProgramHash != 0) {
            // Aggregator mode: the aggregator proved the OS run, so the fact is the aggregator's.
            require(outputProgramHash == factProgramHash, "AGGREGATOR_MODE_INVALID_OS_PROGRAM_HASH");
            factProgramHash = aggregatorProgramHash();
        }
        bytes32 sharpFact = keccak256(abi.encode(factProgramHash, stateTransitionFact));
        require(IFactRegistry(verifier()).isValid(sharpFact), "NO_STATE_TRANSITION_PROOF");
    }

    /// @dev Moves the stored state along the header, checking that it continues the stored one.
    function _advanceState(StarknetCoreStorage.State storage s, uint256[] calldata programOutput) private {
        int256 newBlockNumber = int256(programOutput[StarknetOutput.NEW_BLOCK_NUMBER_OFFSET]);
        require(newBlockNumber > s.blockNumber, "INVALID_NEW_BLOCK_NUMBER");
        require(programOutput[StarknetOutput.PREV_BLOCK_HASH_OFFSET] == s.blockHash, "INVALID_PREV_BLOCK_HASH");
        require(programOutput[StarknetOutput.PREV_STATE_ROOT_OFFSET] == s.globalRoot, "INVALID_PREVIOUS_ROOT");
        s.globalRoot = programOutput[StarknetOutput.NEW_STATE_ROOT_OFFSET];
        s.blockNumber = newBlockNumber;
        s.blockHash = programOutput[StarknetOutput.NEW_BLOCK_HASH_OFFSET];
    }

    /// @dev Makes each L2 to L1 message of the segment at `offset` consumable once more.
    /// @return The offset just past the segment.
    function _processMessagesToL1(uint256[] calldata programOutput, uint256 offset) private returns (uint256) {
        uint256 end = StarknetOutput.segmentEnd(programOutput, offset);
        uint256 cursor = offset + 1;
        mapping(bytes32 => uint256) storage messages = StarknetCoreStorage.l2ToL1Messages();
        while (cursor < end) {
            uint256 messageEnd = StarknetOutput.messageEnd(
                programOutput,
                cursor,
                StarknetOutput.MESSAGE_TO_L1_PAYLOAD_SIZE_OFFSET
            );
            uint256[] calldata message = programOutput[cursor:messageEnd];
            // The message's own words are its hash preimage, identical to StarknetMessageHash.l2ToL1.
            bytes32 msgHash = keccak256(abi.encodePacked(message));
            emit LogMessageToL1(
                message[StarknetOutput.MESSAGE_TO_L1_FROM_ADDRESS_OFFSET],
                address(uint160(message[StarknetOutput.MESSAGE_TO_L1_TO_ADDRESS_OFFSET])),
                message[StarknetOutput.MESSAGE_TO_L1_PREFIX_SIZE:]
            );
            messages[msgHash] += 1;
            cursor = messageEnd;
        }
        require(cursor == end, "INVALID_MESSAGE_SEGMENT_SIZE");
        return end;
    }

    /// @dev Settles each L1 to L2 message of the segment at `offset`: it must be pending, its fee is collected.
    /// @return The offset just past the segment and the total fees collected.
    function _processMessagesToL2(
        uint256[] calldata programOutput,
        uint256 offset
    ) private returns (uint256, uint256 fees) {
        uint256 end = StarknetOutput.segmentEnd(programOutput, offset);
        uint256 cursor = offset + 1;
        while (cursor < end) {
            uint256 messageEnd = StarknetOutput.messageEnd(
                programOutput,
                cursor,
                StarknetOutput.MESSAGE_TO_L2_PAYLOAD_SIZE_OFFSET
            );
            fees += _consumeMessageToL2(programOutput[cursor:messageEnd]);
            cursor = messageEnd;
        }
        require(cursor == end, "INVALID_MESSAGE_SEGMENT_SIZE");
        return (end, fees);
    }

    /// @dev Marks one handled L1 to L2 message consumed and returns its fee.
    function _consumeMessageToL2(uint256[] calldata message) private returns (uint256 fee) {
        // The message's own words are its hash preimage, identical to StarknetMessageHash.l1ToL2.
        bytes32 msgHash = keccak256(abi.encodePacked(message));
        mapping(bytes32 => uint256) storage messages = StarknetCoreStorage.l1ToL2Messages();
        uint256 feePlusOne = messages[msgHash];
        // Rejects an L2 claiming to have handled a message L1 never sent, or one already cancelled.
        require(feePlusOne > 0, "INVALID_MESSAGE_TO_CONSUME");
        messages[msgHash] = 0;
        emit ConsumedMessageToL2(
            address(uint160(message[StarknetOutput.MESSAGE_TO_L2_FROM_ADDRESS_OFFSET])),
            message[StarknetOutput.MESSAGE_TO_L2_TO_ADDRESS_OFFSET],
            message[StarknetOutput.MESSAGE_TO_L2_SELECTOR_OFFSET],
            message[StarknetOutput.MESSAGE_TO_L2_PREFIX_SIZE:],
            message[StarknetOutput.MESSAGE_TO_L2_NONCE_OFFSET]
        );
        return feePlusOne - 1;
    }

    /// @dev Pays the collected fees to the fee collector, or to the operator when none is set.
    function _payFees(uint256 fees) private {
        address recipient = feeCollector();
        if (recipient == address(0)) recipient = msg.sender;
        (bool success, ) = recipient.call{value: fees}("");
        require(success, "ETH_TRANSFER_FAILED");
    }
}
