// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { BedrockHashing } from "./BedrockHashing.sol";
import { Types } from "./Types.sol";

/// @title L2ToL1MessagePasser
/// @notice The L2 predeploy at 0x4200…0016 where withdrawals start: it records each withdrawal's hash in
///         `sentMessages`, whose storage the portal on L1 checks with a Merkle proof.
/// @dev `sentMessages` must stay at slot 0: the proof's storage key is keccak256(abi.encode(hash, 0)).
contract L2ToL1MessagePasser {
    uint16 public constant MESSAGE_VERSION = 1;
    string public constant version = "1.1.2";

    /// @notice Withdrawal hashes initiated here (slot 0).
    mapping(bytes32 => bool) public sentMessages;
    uint240 internal msgNonce;

    event MessagePassed(
        uint256 indexed nonce,
        address indexed sender,
        address indexed target,
        uint256 value,
        uint256 gasLimit,
        bytes data,
        bytes32 withdrawalHash
    );
    event WithdrawerBalanceBurnt(uint256 indexed amount);

    /// @notice ETH sent here is withdrawn to the sender on L1 with 100_000 gas.
    receive() external payable {
        initiateWithdrawal(msg.sender, 100_000, bytes(""));
    }

    /// @notice Starts a withdrawal: `_target` is called on L1 with `msg.value`, `_data` and `_gasLimit` once the
    ///         withdrawal is proven and finalized.
    function initiateWithdrawal(address _target, uint256 _gasLimit, bytes memory _data) public payable {
        uint256 nonce = messageNonce();
        bytes32 withdrawalHash = BedrockHashing.hashWithdrawal(
            Types.WithdrawalTransaction({
                nonce: nonce,
                sender: msg.sender,
                target: _target,
                value: msg.value,
                gasLimit: _gasLimit,
                data: _data
            })
        );
        sentMessages[withdrawalHash] = true;
        emit MessagePassed(nonce, msg.sender, _target, msg.value, _gasLimit, _data, withdrawalHash);
        unchecked {
            ++msgNonce;
        }
    }

    /// @notice Destroys the ETH withdrawn so far: it is paid out of the portal on L1, not from here.
    function burn() external {
        uint256 balance = address(this).balance;
        new Burner{ value: balance }();
        emit WithdrawerBalanceBurnt(balance);
    }

    /// @notice The nonce of the next withdrawal, with MESSAGE_VERSION in its top 16 bits.
    function messageNonce() public view returns (uint256) {
        return BedrockHashing.encodeVersionedNonce(msgNonce, MESSAGE_VERSION);
    }
}

/// @notice Created with value and self-destructed to itself in the same transaction, which destroys the value.
contract Burner {
    constructor() payable {
        selfdestruct(payable(address(this)));
    }
}
