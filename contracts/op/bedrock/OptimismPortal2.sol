// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { AddressAliasHelper } from "../../scroll/libraries/AddressAliasHelper.sol";
import { AnchorStateRegistry } from "./AnchorStateRegistry.sol";
import { BedrockAddresses } from "./BedrockAddresses.sol";
import { BedrockHashing } from "./BedrockHashing.sol";
import { DisputeGameFactory } from "./DisputeGameFactory.sol";
import { GameStatus, IDisputeGame } from "./DisputeGameTypes.sol";
import { EOA } from "./EOA.sol";
import { SecureMerkleTrie } from "./MerkleTrie.sol";
import { SafeCall } from "./SafeCall.sol";
import { Types } from "./Types.sol";

/// @title OptimismPortal2
/// @notice The L1 entry of one OP chain (the 4.6.0 family's behaviour, errors and check order): deposits
///         are `TransactionDeposited` logs that the chain's sequencer executes on L2; withdrawals are proven
///         against a dispute game's output root with a storage proof of the L2ToL1MessagePasser, and
///         finalized once the proof is older than the proof maturity delay and the game's claim is valid.
/// @dev Installed with `hardhat_setCode`: `initialize` sets what the real constructor and initializer set.
///      ETH stays in the portal (no ETHLockbox) and deposits are not metered (no L1 gas burned): see
///      docs/notes/op.md.
contract OptimismPortal2 {
    string public constant version = "4.6.0";
    uint256 internal constant DEPOSIT_VERSION = 0;
    uint64 internal constant RECEIVE_DEFAULT_GAS_LIMIT = 100_000;
    uint256 internal constant MAX_CALLDATA_LENGTH = 120_000;

    /// @notice A proof of a withdrawal: the game it was proven against and when.
    struct ProvenWithdrawal {
        IDisputeGame disputeGameProxy;
        uint64 timestamp;
    }

    /// @notice The L2 sender of the withdrawal being finalized; 0x…dEaD otherwise.
    address public l2Sender;
    bool internal initialized;
    /// @notice The registry that says which dispute games to trust.
    AnchorStateRegistry public anchorStateRegistry;
    uint256 internal proofMaturityDelay;
    /// @notice Withdrawals finalized, by hash.
    mapping(bytes32 => bool) public finalizedWithdrawals;
    /// @notice Each proof of a withdrawal, by hash and submitter.
    mapping(bytes32 => mapping(address => ProvenWithdrawal)) public provenWithdrawals;
    /// @notice Who proved each withdrawal, in order.
    mapping(bytes32 => address[]) public proofSubmitters;

    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);
    event WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to);
    event WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter);
    event WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success);

    error OptimismPortal_BadTarget();
    error OptimismPortal_GasLimitTooLow();
    error OptimismPortal_CalldataTooLarge();
    error OptimismPortal_ImproperDisputeGame();
    error OptimismPortal_InvalidDisputeGame();
    error OptimismPortal_InvalidProofTimestamp();
    error OptimismPortal_InvalidOutputRootProof();
    error OptimismPortal_InvalidMerkleProof();
    error OptimismPortal_AlreadyFinalized();
    error OptimismPortal_Unproven();
    error OptimismPortal_ProofNotOldEnough();
    error OptimismPortal_InvalidRootClaim();
    error OptimismPortal_NoReentrancy();
    error OptimismPortal_GasEstimation();

    /// @notice Sets the idle l2Sender, the registry and the proof maturity delay once (the installer calls it).
    function initialize(AnchorStateRegistry _anchorStateRegistry, uint256 _proofMaturityDelaySeconds) external {
        require(!initialized, "Initializable: contract is already initialized");
        initialized = true;
        l2Sender = BedrockAddresses.DEFAULT_L2_SENDER;
        anchorStateRegistry = _anchorStateRegistry;
        proofMaturityDelay = _proofMaturityDelaySeconds;
    }

    /// @notice Seconds a proof must age before its withdrawal may be finalized.
    function proofMaturityDelaySeconds() external view returns (uint256) {
        return proofMaturityDelay;
    }

    function disputeGameFactory() public view returns (DisputeGameFactory) {
        return DisputeGameFactory(anchorStateRegistry.disputeGameFactory());
    }

    function disputeGameFinalityDelaySeconds() external view returns (uint256) {
        return anchorStateRegistry.disputeGameFinalityDelaySeconds();
    }

    function respectedGameType() external view returns (uint32) {
        return anchorStateRegistry.respectedGameType();
    }

    function respectedGameTypeUpdatedAt() external view returns (uint64) {
        return anchorStateRegistry.retirementTimestamp();
    }

    function disputeGameBlacklist(IDisputeGame _game) external view returns (bool) {
        return anchorStateRegistry.isGameBlacklisted(_game);
    }

    /// @notice Whether withdrawals are stopped. This model has no guardian, so they never are.
    function paused() public pure returns (bool) {
        return false;
    }

    /// @notice Whether withdrawals are proven against super roots instead: never in this model.
    function superRootsActive() external pure returns (bool) {
        return false;
    }

    function numProofSubmitters(bytes32 _withdrawalHash) external view returns (uint256) {
        return proofSubmitters[_withdrawalHash].length;
    }

    /// @notice Proves that the L2ToL1MessagePasser recorded `_tx`, in the L2 state whose output root the game
    ///         at `_disputeGameIndex` claims.
    function proveWithdrawalTransaction(
        Types.WithdrawalTransaction memory _tx,
        uint256 _disputeGameIndex,
        Types.OutputRootProof calldata _outputRootProof,
        bytes[] calldata _withdrawalProof
    )
        external
    {
        (,, address gameProxy) = disputeGameFactory().gameAtIndex(_disputeGameIndex);
        IDisputeGame game = IDisputeGame(gameProxy);
        if (_tx.target == address(this)) revert OptimismPortal_BadTarget();
        if (!anchorStateRegistry.isGameProper(game)) revert OptimismPortal_ImproperDisputeGame();
        if (!anchorStateRegistry.isGameRespected(game)) revert OptimismPortal_InvalidDisputeGame();
        if (game.status() == GameStatus.CHALLENGER_WINS) revert OptimismPortal_InvalidDisputeGame();
        if (block.timestamp <= game.createdAt()) revert OptimismPortal_InvalidProofTimestamp();
        if (game.rootClaim() != BedrockHashing.hashOutputRootProof(_outputRootProof)) {
            revert OptimismPortal_InvalidOutputRootProof();
        }
        bytes32 withdrawalHash = BedrockHashing.hashWithdrawal(_tx);
        // sentMessages is the message passer's slot 0.
        bytes32 storageKey = keccak256(abi.encode(withdrawalHash, uint256(0)));
        if (
            !SecureMerkleTrie.verifyInclusionProof(
                abi.encode(storageKey), hex"01", _withdrawalProof, _outputRootProof.messagePasserStorageRoot
            )
        ) revert OptimismPortal_InvalidMerkleProof();
        provenWithdrawals[withdrawalHash][msg.sender] =
            ProvenWithdrawal({ disputeGameProxy: game, timestamp: uint64(block.timestamp) });
        proofSubmitters[withdrawalHash].push(msg.sender);
        emit WithdrawalProven(withdrawalHash, _tx.sender, _tx.target);
        emit WithdrawalProvenExtension1(withdrawalHash, msg.sender);
    }

    /// @notice Finalizes a withdrawal the caller proved.
    function finalizeWithdrawalTransaction(Types.WithdrawalTransaction memory _tx) external {
        finalizeWithdrawalTransactionExternalProof(_tx, msg.sender);
    }

    /// @notice Finalizes a withdrawal `_proofSubmitter` proved: the target is called with the withdrawal's
    ///         value, data and at least its gas limit. A failing call still consumes the withdrawal.
    function finalizeWithdrawalTransactionExternalProof(
        Types.WithdrawalTransaction memory _tx,
        address _proofSubmitter
    )
        public
    {
        if (l2Sender != BedrockAddresses.DEFAULT_L2_SENDER) revert OptimismPortal_NoReentrancy();
        if (_tx.target == address(this)) revert OptimismPortal_BadTarget();
        bytes32 withdrawalHash = BedrockHashing.hashWithdrawal(_tx);
        checkWithdrawal(withdrawalHash, _proofSubmitter);
        finalizedWithdrawals[withdrawalHash] = true;
        l2Sender = _tx.sender;
        bool success = SafeCall.callWithMinGas(_tx.target, _tx.gasLimit, _tx.value, _tx.data);
        l2Sender = BedrockAddresses.DEFAULT_L2_SENDER;
        emit WithdrawalFinalized(withdrawalHash, success);
        // Under the estimation origin a failure reverts, so that estimating gas finds what the call needs.
        if (!success && tx.origin == BedrockAddresses.ESTIMATION_ADDRESS) revert OptimismPortal_GasEstimation();
    }

    /// @notice Reverts with why the withdrawal cannot be finalized with `_proofSubmitter`'s proof yet.
    function checkWithdrawal(bytes32 _withdrawalHash, address _proofSubmitter) public view {
        if (finalizedWithdrawals[_withdrawalHash]) revert OptimismPortal_AlreadyFinalized();
        ProvenWithdrawal memory proven = provenWithdrawals[_withdrawalHash][_proofSubmitter];
        if (proven.timestamp == 0) revert OptimismPortal_Unproven();
        IDisputeGame game = proven.disputeGameProxy;
        if (proven.timestamp <= game.createdAt()) revert OptimismPortal_InvalidProofTimestamp();
        if (block.timestamp - proven.timestamp <= proofMaturityDelay) revert OptimismPortal_ProofNotOldEnough();
        if (!anchorStateRegistry.isGameClaimValid(game)) revert OptimismPortal_InvalidRootClaim();
    }

    /// @notice ETH sent here is deposited to the sender on L2 with 100_000 gas.
    receive() external payable {
        depositTransaction(msg.sender, msg.value, RECEIVE_DEFAULT_GAS_LIMIT, false, bytes(""));
    }

    /// @notice Accepts ETH without depositing it.
    function donateETH() external payable { }

    /// @notice The smallest gas limit a deposit with `_byteCount` bytes of calldata may ask for.
    function minimumGasLimit(uint64 _byteCount) public pure returns (uint64) {
        return _byteCount * 40 + 21000;
    }

    /// @notice Deposits a transaction to L2: `msg.value` is minted to the sender there, then the sender (its
    ///         alias when it is a contract) calls `_to` with `_value`, `_gasLimit` and `_data`, or creates a
    ///         contract when `_isCreation`.
    function depositTransaction(
        address _to,
        uint256 _value,
        uint64 _gasLimit,
        bool _isCreation,
        bytes memory _data
    )
        public
        payable
    {
        if (_isCreation && _to != address(0)) revert OptimismPortal_BadTarget();
        if (_gasLimit < minimumGasLimit(uint64(_data.length))) revert OptimismPortal_GasLimitTooLow();
        if (_data.length > MAX_CALLDATA_LENGTH) revert OptimismPortal_CalldataTooLarge();
        address from = msg.sender;
        if (!EOA.isSenderEOA()) from = AddressAliasHelper.applyL1ToL2Alias(msg.sender);
        bytes memory opaqueData = abi.encodePacked(msg.value, _value, _gasLimit, _isCreation, _data);
        emit TransactionDeposited(from, _to, DEPOSIT_VERSION, opaqueData);
    }
}
