// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {IRollupVerifier} from "../interfaces/IRollupVerifier.sol";
import {ScrollInitializable} from "../scroll/common/ScrollInitializable.sol";
import {ScrollOwnable} from "../scroll/common/ScrollOwnable.sol";

/// @title MockRollupVerifier
/// @notice Stands in for Scroll's zkEVM verifier: a batch's "proof" is the prover key's signature
/// of its public input hash. Only what the mock prover signed finalizes, so a wrong state root,
/// withdraw root or data hash is rejected exactly where a real proof would fail.
/// @dev The digest is signed raw (no EIP-191 prefix): the public input hash is already a hash
/// and is what a real proof commits to.
contract MockRollupVerifier is ScrollInitializable, ScrollOwnable, IRollupVerifier {
    /// @notice The proof is not a valid signature of the public input hash by `proverSigner`.
    error InvalidProof();

    /// @notice Emitted when the owner replaces the prover key.
    event UpdateProverSigner(address indexed oldProverSigner, address indexed newProverSigner);

    /// @notice The address of the mock prover's key.
    address public proverSigner;

    /// @notice Configures the verifier; callable once.
    /// @param _owner May replace the prover key.
    /// @param _proverSigner The mock prover's address.
    function initialize(address _owner, address _proverSigner) external initializer {
        require(_owner != address(0) && _proverSigner != address(0), "zero address");
        _transferOwnership(_owner);
        proverSigner = _proverSigner;
        emit UpdateProverSigner(address(0), _proverSigner);
    }

    /// @inheritdoc IRollupVerifier
    /// @dev Accepts exactly a 65-byte `r ‖ s ‖ v` with `v ∈ {27, 28}` and low `s` that recovers to
    /// `proverSigner`; malleable or malformed signatures are refused rather than normalised.
    function verifyAggregateProof(
        uint256 /* batchIndex */,
        bytes calldata _aggrProof,
        bytes32 _publicInputHash
    ) external view override {
        if (_aggrProof.length != 65) revert InvalidProof();
        bytes32 r = bytes32(_aggrProof[0:32]);
        bytes32 s = bytes32(_aggrProof[32:64]);
        uint8 v = uint8(_aggrProof[64]);
        if (v != 27 && v != 28) revert InvalidProof();
        (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecover(_publicInputHash, v, r, s);
        if (err != ECDSA.RecoverError.NoError || signer != proverSigner) revert InvalidProof();
    }

    /// @notice Replaces the prover key.
    /// @param _newProverSigner The new prover address.
    function updateProverSigner(address _newProverSigner) external onlyOwner {
        address old = proverSigner;
        proverSigner = _newProverSigner;
        emit UpdateProverSigner(old, _newProverSigner);
    }
}
