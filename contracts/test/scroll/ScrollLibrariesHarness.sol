// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AddressAliasHelper} from "../../scroll/libraries/AddressAliasHelper.sol";
import {XDomainMessage} from "../../scroll/libraries/XDomainMessage.sol";
import {L1MessageTx} from "../../scroll/libraries/L1MessageTx.sol";
import {WithdrawTrie} from "../../scroll/libraries/WithdrawTrie.sol";
import {PublicInput} from "../../scroll/libraries/PublicInput.sol";
import {BatchHeaderV0Codec} from "../../scroll/libraries/BatchHeaderV0Codec.sol";

/// @title ScrollLibrariesHarness
/// @notice Exposes the Scroll libraries so tests can check them against the TypeScript mirror.
contract ScrollLibrariesHarness {
    function applyL1ToL2Alias(address a) external pure returns (address) {
        return AddressAliasHelper.applyL1ToL2Alias(a);
    }

    function undoL1ToL2Alias(address a) external pure returns (address) {
        return AddressAliasHelper.undoL1ToL2Alias(a);
    }

    function encodeXDomainCalldata(
        address from,
        address to,
        uint256 value,
        uint256 nonce,
        bytes calldata message
    ) external pure returns (bytes memory) {
        return XDomainMessage.encodeCalldata(from, to, value, nonce, message);
    }

    function messageHash(
        address from,
        address to,
        uint256 value,
        uint256 nonce,
        bytes calldata message
    ) external pure returns (bytes32) {
        return XDomainMessage.hash(from, to, value, nonce, message);
    }

    function l1MessageTxHash(
        address sender,
        uint256 queueIndex,
        uint256 value,
        address target,
        uint256 gasLimit,
        bytes calldata data
    ) external pure returns (bytes32) {
        return L1MessageTx.hash(sender, queueIndex, value, target, gasLimit, data);
    }

    function hashPair(bytes32 left, bytes32 right) external pure returns (bytes32) {
        return WithdrawTrie.hashPair(left, right);
    }

    function verifyMerkleProof(bytes32 root, bytes32 leaf, uint256 index, bytes calldata proof) external pure returns (bool) {
        return WithdrawTrie.verifyMerkleProof(root, leaf, index, proof);
    }

    function publicInputHash(
        uint64 chainId,
        bytes32 prevStateRoot,
        bytes32 postStateRoot,
        bytes32 withdrawRoot,
        bytes32 dataHash
    ) external pure returns (bytes32) {
        return PublicInput.hash(chainId, prevStateRoot, postStateRoot, withdrawRoot, dataHash);
    }

    function decodeBatchHeader(
        bytes calldata header
    )
        external
        pure
        returns (uint256 version, uint256 batchIndex, uint256 popped, uint256 total, bytes32 dataHash, bytes32 parent, bytes32 batchHash)
    {
        BatchHeaderV0Codec.validate(header);
        return (
            BatchHeaderV0Codec.version(header),
            BatchHeaderV0Codec.batchIndex(header),
            BatchHeaderV0Codec.l1MessagePopped(header),
            BatchHeaderV0Codec.totalL1MessagePopped(header),
            BatchHeaderV0Codec.dataHash(header),
            BatchHeaderV0Codec.parentBatchHash(header),
            BatchHeaderV0Codec.hash(header)
        );
    }
}
