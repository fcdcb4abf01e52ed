// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollChain} from "../interfaces/IScrollChain.sol";
import {IL1MessageQueue} from "../interfaces/IL1MessageQueue.sol";
import {IRollupVerifier} from "../interfaces/IRollupVerifier.sol";
import {ScrollInitializable} from "./common/ScrollInitializable.sol";
import {ScrollOwnable} from "./common/ScrollOwnable.sol";
import {ScrollPausable} from "./common/ScrollPausable.sol";
import {BatchHeaderV0Codec} from "./libraries/BatchHeaderV0Codec.sol";
import {ChunkCodecV0} from "./libraries/ChunkCodecV0.sol";
import {PublicInput} from "./libraries/PublicInput.sol";

/// @title ZKRollup
/// @notice Scroll's rollup contract (ScrollChain's ABI) for version-0 calldata batches: the
/// sequencer commits batches of chunks of L2 blocks, the prover finalizes them in order with a
/// proof of `publicInputHash`, and finalization records the batch's state root and withdraw root
/// and pops the L1 messages the batch included or skipped.
/// @dev Installed with `hardhat_setCode`; all configuration comes from {initialize}.
contract ZKRollup is ScrollInitializable, ScrollOwnable, ScrollPausable, IScrollChain {
    /// @inheritdoc IScrollChain
    uint64 public override layer2ChainId;

    /// @notice The L1MessageQueue whose entries batches include.
    address public messageQueue;

    /// @notice The verifier of aggregate proofs.
    address public verifier;

    /// @notice Largest number of hashed transactions (L2 transactions and included L1 messages) per chunk.
    uint256 public maxNumTxInChunk;

    /// @inheritdoc IScrollChain
    uint256 public override lastFinalizedBatchIndex;

    /// @inheritdoc IScrollChain
    mapping(uint256 => bytes32) public override committedBatches;

    /// @inheritdoc IScrollChain
    mapping(uint256 => bytes32) public override finalizedStateRoots;

    /// @inheritdoc IScrollChain
    mapping(uint256 => bytes32) public override withdrawRoots;

    /// @notice Accounts allowed to commit batches.
    mapping(address => bool) public isSequencer;

    /// @notice Accounts allowed to finalize batches.
    mapping(address => bool) public isProver;

    modifier onlySequencer() {
        require(isSequencer[msg.sender], "caller not sequencer");
        _;
    }

    modifier onlyProver() {
        require(isProver[msg.sender], "caller not prover");
        _;
    }

    /// @notice Configures the rollup; callable once.
    /// @param _owner Administers sequencers, provers, verifier, limits and pause.
    /// @param _messageQueue The L1MessageQueue.
    /// @param _verifier The rollup verifier (MockRollupVerifier).
    /// @param _layer2ChainId The L2 chain id bound into every public input.
    /// @param _maxNumTxInChunk Largest number of hashed transactions per chunk.
    function initialize(
        address _owner,
        address _messageQueue,
        address _verifier,
        uint64 _layer2ChainId,
        uint256 _maxNumTxInChunk
    ) external initializer {
        require(_owner != address(0) && _messageQueue != address(0) && _verifier != address(0), "zero address");
        _transferOwnership(_owner);
        messageQueue = _messageQueue;
        layer2ChainId = _layer2ChainId;
        verifier = _verifier;
        maxNumTxInChunk = _maxNumTxInChunk;
        emit UpdateVerifier(address(0), _verifier);
        emit UpdateMaxNumTxInChunk(0, _maxNumTxInChunk);
    }

    /*************************
     * Views                 *
     *************************/

    /// @inheritdoc IScrollChain
    function isBatchFinalized(uint256 _batchIndex) external view override returns (bool) {
        return _batchIndex <= lastFinalizedBatchIndex;
    }

    /*************************
     * Batches               *
     *************************/

    /// @inheritdoc IScrollChain
    function importGenesisBatch(bytes calldata _batchHeader, bytes32 _stateRoot) external override {
        BatchHeaderV0Codec.validate(_batchHeader);
        require(_stateRoot != bytes32(0), "zero state root");
        require(finalizedStateRoots[0] == bytes32(0), "Genesis batch imported");

        // The genesis header names nothing but the L2 genesis (its data hash): it has no parent and
        // popped no L1 message.
        require(
            BatchHeaderV0Codec.version(_batchHeader) == 0 &&
                BatchHeaderV0Codec.batchIndex(_batchHeader) == 0 &&
                BatchHeaderV0Codec.l1MessagePopped(_batchHeader) == 0 &&
                BatchHeaderV0Codec.totalL1MessagePopped(_batchHeader) == 0,
            "not all fields are zero"
        );
        require(BatchHeaderV0Codec.dataHash(_batchHeader) != bytes32(0), "zero data hash");
        require(BatchHeaderV0Codec.parentBatchHash(_batchHeader) == bytes32(0), "nonzero parent batch hash");

        bytes32 batchHash = BatchHeaderV0Codec.hash(_batchHeader);
        committedBatches[0] = batchHash;
        finalizedStateRoots[0] = _stateRoot;

        emit CommitBatch(0, batchHash);
        emit FinalizeBatch(0, batchHash, _stateRoot, bytes32(0));
    }

    /// @inheritdoc IScrollChain
    function commitBatch(
        uint8 _version,
        bytes calldata _parentBatchHeader,
        bytes[] memory _chunks,
        bytes calldata _skippedL1MessageBitmap
    ) external override onlySequencer whenNotPaused {
        require(_version == 0, "invalid version");
        require(_chunks.length > 0, "batch is empty");

        BatchHeaderV0Codec.validate(_parentBatchHeader);
        bytes32 parentBatchHash = BatchHeaderV0Codec.hash(_parentBatchHeader);
        uint256 batchIndex = BatchHeaderV0Codec.batchIndex(_parentBatchHeader) + 1;
        require(committedBatches[batchIndex - 1] == parentBatchHash, "incorrect parent batch hash");
        require(committedBatches[batchIndex] == bytes32(0), "batch already committed");

        // This batch's L1 messages continue the queue where the parent's stopped.
        uint256 parentTotalL1MessagePopped = BatchHeaderV0Codec.totalL1MessagePopped(_parentBatchHeader);
        (bytes32 dataHash, uint256 poppedInBatch) = _commitChunks(
            _chunks,
            parentTotalL1MessagePopped,
            _skippedL1MessageBitmap
        );
        require(
            BatchHeaderV0Codec.bitmapLength(poppedInBatch) == _skippedL1MessageBitmap.length,
            "wrong bitmap length"
        );

        bytes32 batchHash = keccak256(
            BatchHeaderV0Codec.encode(
                0,
                uint64(batchIndex),
                uint64(poppedInBatch),
                uint64(parentTotalL1MessagePopped + poppedInBatch),
                dataHash,
                parentBatchHash,
                _skippedL1MessageBitmap
            )
        );
        committedBatches[batchIndex] = batchHash;
        emit CommitBatch(batchIndex, batchHash);
    }

    /// @inheritdoc IScrollChain
    function finalizeBatchWithProof(
        bytes calldata _batchHeader,
        bytes32 _prevStateRoot,
        bytes32 _postStateRoot,
        bytes32 _withdrawRoot,
        bytes calldata _aggrProof
    ) external override onlyProver whenNotPaused {
        require(_prevStateRoot != bytes32(0), "previous state root is zero");
        require(_postStateRoot != bytes32(0), "new state root is zero");

        uint256 batchIndex = _checkFinalizable(_batchHeader, _prevStateRoot);
        bytes32 publicInputHash = _publicInputHash(_batchHeader, _prevStateRoot, _postStateRoot, _withdrawRoot);
        IRollupVerifier(verifier).verifyAggregateProof(batchIndex, _aggrProof, publicInputHash);

        require(lastFinalizedBatchIndex + 1 == batchIndex, "incorrect batch index");
        lastFinalizedBatchIndex = batchIndex;
        finalizedStateRoots[batchIndex] = _postStateRoot;
        withdrawRoots[batchIndex] = _withdrawRoot;

        _popL1Messages(_batchHeader);

        emit FinalizeBatch(batchIndex, BatchHeaderV0Codec.hash(_batchHeader), _postStateRoot, _withdrawRoot);
    }

    /*************************
     * Owner                 *
     *************************/

    /// @notice Allows `_account` to commit batches.
    /// @param _account An EOA: a contract could commit on behalf of anyone who calls it.
    function addSequencer(address _account) external onlyOwner {
        require(_account.code.length == 0, "not EOA");
        isSequencer[_account] = true;
        emit UpdateSequencer(_account, true);
    }

    /// @notice Revokes `_account`'s right to commit batches.
    function removeSequencer(address _account) external onlyOwner {
        isSequencer[_account] = false;
        emit UpdateSequencer(_account, false);
    }

    /// @notice Allows `_account` to finalize batches.
    /// @param _account An EOA, for the same reason as sequencers.
    function addProver(address _account) external onlyOwner {
        require(_account.code.length == 0, "not EOA");
        isProver[_account] = true;
        emit UpdateProver(_account, true);
    }

    /// @notice Revokes `_account`'s right to finalize batches.
    function removeProver(address _account) external onlyOwner {
        isProver[_account] = false;
        emit UpdateProver(_account, false);
    }

    /// @notice Replaces the proof verifier.
    /// @param _newVerifier The new verifier.
    function updateVerifier(address _newVerifier) external onlyOwner {
        address old = verifier;
        verifier = _newVerifier;
        emit UpdateVerifier(old, _newVerifier);
    }

    /// @notice Changes the transaction cap per chunk.
    /// @param _maxNumTxInChunk The new cap.
    function updateMaxNumTxInChunk(uint256 _maxNumTxInChunk) external onlyOwner {
        uint256 old = maxNumTxInChunk;
        maxNumTxInChunk = _maxNumTxInChunk;
        emit UpdateMaxNumTxInChunk(old, _maxNumTxInChunk);
    }

    /// @notice Pauses (`true`) or resumes (`false`) committing and finalizing.
    /// @param _status Whether to pause.
    function setPause(bool _status) external onlyOwner {
        if (_status) {
            _pause();
        } else {
            _unpause();
        }
    }

    /*************************
     * Internals             *
     *************************/

    /// @dev The checks before the proof, in Scroll's order; returns the batch index.
    function _checkFinalizable(bytes calldata _batchHeader, bytes32 _prevStateRoot) internal view returns (uint256 batchIndex) {
        BatchHeaderV0Codec.validate(_batchHeader);
        batchIndex = BatchHeaderV0Codec.batchIndex(_batchHeader);
        require(committedBatches[batchIndex] == BatchHeaderV0Codec.hash(_batchHeader), "incorrect batch hash");

        // The genesis batch has no parent; a zero "parent root" never matches the non-zero input.
        bytes32 parentStateRoot = batchIndex == 0 ? bytes32(0) : finalizedStateRoots[batchIndex - 1];
        require(parentStateRoot == _prevStateRoot, "incorrect previous state root");
        require(finalizedStateRoots[batchIndex] == bytes32(0), "batch already verified");
    }

    function _publicInputHash(
        bytes calldata _batchHeader,
        bytes32 _prevStateRoot,
        bytes32 _postStateRoot,
        bytes32 _withdrawRoot
    ) internal view returns (bytes32) {
        return
            PublicInput.hash(
                layer2ChainId,
                _prevStateRoot,
                _postStateRoot,
                _withdrawRoot,
                BatchHeaderV0Codec.dataHash(_batchHeader)
            );
    }

    /// @dev Version-0 batches pop their L1 messages only at finalization, when their inclusion is
    /// proven; the queue takes at most 256 per call, one bitmap word.
    function _popL1Messages(bytes calldata _batchHeader) internal {
        uint256 popped = BatchHeaderV0Codec.l1MessagePopped(_batchHeader);
        if (popped == 0) return;
        IL1MessageQueue queue = IL1MessageQueue(messageQueue);
        uint256 startIndex = BatchHeaderV0Codec.totalL1MessagePopped(_batchHeader) - popped;
        for (uint256 i = 0; i < popped; i += 256) {
            uint256 count = popped - i < 256 ? popped - i : 256;
            queue.popCrossDomainMessage(startIndex + i, count, BatchHeaderV0Codec.skippedBitmap(_batchHeader, i / 256));
        }
    }

    /// @dev Where the next L1 message of the batch being committed sits: its position in the
    /// batch (for the skip bitmap) and in the queue.
    struct L1MessageCursor {
        uint256 poppedInBatch;
        uint256 queueIndex;
    }

    /// @dev Hashes every chunk of a batch in order.
    /// @return dataHash `keccak(chunkHash_0 ‖ … ‖ chunkHash_m)`.
    /// @return poppedInBatch L1 messages the batch pops, skipped included.
    function _commitChunks(
        bytes[] memory _chunks,
        uint256 _totalL1MessagePopped,
        bytes calldata _skippedL1MessageBitmap
    ) internal view returns (bytes32 dataHash, uint256 poppedInBatch) {
        L1MessageCursor memory l1 = L1MessageCursor(0, _totalL1MessagePopped);
        bytes32[] memory chunkHashes = new bytes32[](_chunks.length);
        for (uint256 i = 0; i < _chunks.length; i++) {
            chunkHashes[i] = _commitChunk(_chunks[i], l1, _skippedL1MessageBitmap);
        }
        dataHash = keccak256(abi.encodePacked(chunkHashes));
        poppedInBatch = l1.poppedInBatch;
    }

    /// @dev Hashes one chunk: `keccak(context[0:58] per block ‖ per block: hashes of its
    /// non-skipped L1 messages (read from the queue) ‖ keccak(raw tx) per L2 transaction)`, and
    /// advances `_l1` past the chunk's L1 messages. Checks run in Scroll's order so a malformed
    /// chunk fails with the same reason.
    function _commitChunk(
        bytes memory _chunk,
        L1MessageCursor memory _l1,
        bytes calldata _skippedL1MessageBitmap
    ) internal view returns (bytes32 chunkHash) {
        uint256 numBlocks = ChunkCodecV0.validateChunkLength(_chunk);
        uint256 start = _allocatePreimage(_chunk, numBlocks);
        uint256 cursor = start;
        for (uint256 i = 0; i < numBlocks; i++) {
            ChunkCodecV0.copyHashedContext(_chunk, i, cursor);
            cursor += ChunkCodecV0.HASHED_CONTEXT_LENGTH;
        }

        uint256 l2TxOffset = ChunkCodecV0.l2TxOffset(numBlocks);
        for (uint256 i = 0; i < numBlocks; i++) {
            uint256 numL1Messages = ChunkCodecV0.numL1Messages(_chunk, i);
            cursor = _loadL1MessageHashes(cursor, numL1Messages, _l1, _skippedL1MessageBitmap);

            uint256 numTransactions = ChunkCodecV0.numTransactions(_chunk, i);
            require(numTransactions >= numL1Messages, "num txs less than num L1 msgs");
            (cursor, l2TxOffset) = _loadL2TxHashes(_chunk, cursor, l2TxOffset, numTransactions - numL1Messages);
        }

        uint256 hashedTxs = (cursor - start - numBlocks * ChunkCodecV0.HASHED_CONTEXT_LENGTH) / 32;
        require(hashedTxs <= maxNumTxInChunk, "too many txs in one chunk");
        require(l2TxOffset == _chunk.length, "incomplete l2 transaction data");

        assembly ("memory-safe") {
            chunkHash := keccak256(start, sub(cursor, start))
        }
    }

    /// @dev Allocates the chunk hash preimage: every context and at most one hash per declared
    /// transaction (or per L1 message, should a malformed block declare more of those; it is
    /// rejected once they are counted). Returns its first byte.
    function _allocatePreimage(bytes memory _chunk, uint256 _numBlocks) private pure returns (uint256 start) {
        uint256 maxHashes;
        for (uint256 i = 0; i < _numBlocks; i++) {
            uint256 numTransactions = ChunkCodecV0.numTransactions(_chunk, i);
            uint256 numL1Messages = ChunkCodecV0.numL1Messages(_chunk, i);
            maxHashes += numTransactions > numL1Messages ? numTransactions : numL1Messages;
        }
        bytes memory preimage = new bytes(_numBlocks * ChunkCodecV0.HASHED_CONTEXT_LENGTH + maxHashes * 32);
        assembly ("memory-safe") {
            start := add(preimage, 0x20)
        }
    }

    /// @dev Writes the hashes of `_count` L2 transactions from `_offset` at `_cursor`.
    function _loadL2TxHashes(
        bytes memory _chunk,
        uint256 _cursor,
        uint256 _offset,
        uint256 _count
    ) private pure returns (uint256, uint256) {
        for (uint256 j = 0; j < _count; j++) {
            bytes32 txHash;
            (txHash, _offset) = ChunkCodecV0.loadL2TxHash(_chunk, _offset);
            assembly ("memory-safe") {
                mstore(_cursor, txHash)
            }
            _cursor += 32;
        }
        return (_cursor, _offset);
    }

    /// @dev Writes the entry hashes of a block's non-skipped L1 messages at `_cursor` and advances
    /// `_l1`. The block's last L1 message may not be skipped: l2geth skips a message only by moving
    /// past it to the next included one.
    function _loadL1MessageHashes(
        uint256 _cursor,
        uint256 _numL1Messages,
        L1MessageCursor memory _l1,
        bytes calldata _skippedL1MessageBitmap
    ) internal view returns (uint256) {
        if (_numL1Messages == 0) return _cursor;
        IL1MessageQueue queue = IL1MessageQueue(messageQueue);
        bool lastSkipped;
        for (uint256 i = 0; i < _numL1Messages; i++) {
            lastSkipped = _isSkipped(_skippedL1MessageBitmap, _l1.poppedInBatch);
            if (!lastSkipped) {
                bytes32 entryHash = queue.getCrossDomainMessage(_l1.queueIndex);
                assembly ("memory-safe") {
                    mstore(_cursor, entryHash)
                }
                _cursor += 32;
            }
            _l1.poppedInBatch += 1;
            _l1.queueIndex += 1;
        }
        require(!lastSkipped, "cannot skip last L1 message");
        return _cursor;
    }

    /// @dev Bit `index` of the bitmap; words past its end read as zero (its length is checked once
    /// the whole batch is counted).
    function _isSkipped(bytes calldata _bitmap, uint256 _index) private pure returns (bool) {
        uint256 start = (_index >> 8) * 32;
        if (start + 32 > _bitmap.length) return false;
        uint256 word = uint256(bytes32(_bitmap[start:start + 32]));
        return (word >> (_index & 0xff)) & 1 == 1;
    }
}
