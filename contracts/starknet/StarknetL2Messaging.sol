// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";

import {IStarknetL2Messaging} from "../interfaces/IStarknetL2Messaging.sol";
import {StarknetFelt} from "./libraries/StarknetFelt.sol";
import {StarknetMessageHash} from "./libraries/StarknetMessageHash.sol";

/// @title StarknetL2Messaging
/// @notice The messaging system contract of the simulated StarkNet L2, at
/// `0x5354000000000000000000000000000000000001`: L2 contracts send messages to L1 through it, and the
/// sequencer delivers L1 to L2 messages through it to their handlers.
/// @dev Stands in for what StarkNet does outside any contract: the `send_message_to_l1` syscall (with its
/// `to_address < 2^160` check) and the OS running an `l1_handler` transaction (blockifier's checks). Its
/// events are what the state updater turns into the segments of the next program output. Installed with
/// `hardhat_setCode` and set up by {initialize}.
contract StarknetL2Messaging is IStarknetL2Messaging {
    uint8 internal constant STATUS_NONE = 0;
    uint8 internal constant STATUS_EXECUTED = 1;
    uint8 internal constant STATUS_REVERTED = 2;

    /// @dev Revert data kept in {L1HandlerReverted} is capped so that a handler returning a huge blob cannot
    /// make the sequencer's transaction run out of gas and the message undeliverable forever.
    uint256 internal constant MAX_REVERT_DATA_LENGTH = 1024;

    /// @notice (project) The contract was set up by the plugin.
    event Initialized(address sequencer);

    address private _sequencer;
    mapping(uint256 nonce => uint8 status) private _l1HandlerStatus;

    /// @notice Sets up the contract once, right after its code is installed.
    /// @dev Reverts with "ALREADY_INITIALIZED" on a second call and "BAD_INITIALIZATION" for a zero sequencer.
    /// @param sequencer_ The only account allowed to deliver L1 to L2 messages.
    function initialize(address sequencer_) external {
        require(_sequencer == address(0), "ALREADY_INITIALIZED");
        require(sequencer_ != address(0), "BAD_INITIALIZATION");
        _sequencer = sequencer_;
        emit Initialized(sequencer_);
    }

    /// @inheritdoc IStarknetL2Messaging
    function sendMessageToL1(uint256 toAddress, uint256[] calldata payload) external returns (bytes32 msgHash) {
        // Zero is allowed: refusing it is the sending contract's business (real syscall behaviour).
        require(toAddress <= type(uint160).max, "TO_ADDRESS_OUT_OF_RANGE");
        require(StarknetFelt.allFelts(payload), "PAYLOAD_VALUE_OUT_OF_RANGE");
        uint256 fromAddress = uint256(uint160(msg.sender));
        msgHash = StarknetMessageHash.l2ToL1(fromAddress, toAddress, payload);
        emit MessageToL1Sent(fromAddress, address(uint160(toAddress)), msgHash, payload);
    }

    /// @inheritdoc IStarknetL2Messaging
    function handleL1Message(
        uint256 fromAddress,
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload,
        uint256 nonce,
        uint256 paidFeeOnL1
    ) external returns (bool success) {
        require(msg.sender == _sequencer, "ONLY_SEQUENCER");
        require(_l1HandlerStatus[nonce] == STATUS_NONE, "NONCE_ALREADY_HANDLED");
        require(paidFeeOnL1 > 0, "INSUFFICIENT_FEE");
        require(
            fromAddress <= type(uint160).max &&
                StarknetFelt.isFelt(toAddress) &&
                StarknetFelt.isFelt(selector) &&
                StarknetFelt.allFelts(payload),
            "FELT_OUT_OF_RANGE"
        );
        bytes32 msgHash = StarknetMessageHash.l1ToL2(fromAddress, toAddress, selector, payload, nonce);

        // Taken before the call, so the nonce can never be handled twice even if the handler finds a way back.
        _l1HandlerStatus[nonce] = STATUS_REVERTED;
        bytes memory revertData;
        (success, revertData) = _callHandler(fromAddress, toAddress, selector, payload);
        if (success) {
            _l1HandlerStatus[nonce] = STATUS_EXECUTED;
            _emitExecuted(nonce, msgHash, toAddress, fromAddress, selector, payload);
        } else {
            // No revert: the L1 message stays pending, and its sender may cancel it on L1 (real >= v0.14).
            emit L1HandlerReverted(nonce, msgHash, address(uint160(toAddress)), revertData);
        }
    }

    /// @inheritdoc IStarknetL2Messaging
    function l1HandlerStatus(uint256 nonce) external view returns (uint8) {
        return _l1HandlerStatus[nonce];
    }

    /// @inheritdoc IStarknetL2Messaging
    function sequencer() external view returns (address) {
        return _sequencer;
    }

    /// @dev Calls `toAddress`'s handler `f(uint256 fromAddress, uint256[] payload)` with all the gas left.
    /// An address or selector that cannot name an EVM handler, or a target without code, fails without a call:
    /// a call to an empty account would "succeed" and silently swallow the message.
    function _callHandler(
        uint256 fromAddress,
        uint256 toAddress,
        uint256 selector,
        uint256[] calldata payload
    ) private returns (bool success, bytes memory revertData) {
        if (toAddress > type(uint160).max || selector > type(uint32).max) return (false, "");
        address target = address(uint160(toAddress));
        if (target.code.length == 0) return (false, "");

        success = LowLevelCall.callNoReturn(
            target,
            abi.encodeWithSelector(bytes4(uint32(selector)), fromAddress, payload)
        );
        if (!success) revertData = _cappedReturnData();
    }

    /// @dev The last call's return data, truncated to {MAX_REVERT_DATA_LENGTH} bytes.
    function _cappedReturnData() private pure returns (bytes memory data) {
        uint256 length = LowLevelCall.returnDataSize();
        if (length > MAX_REVERT_DATA_LENGTH) length = MAX_REVERT_DATA_LENGTH;
        data = new bytes(length);
        assembly ("memory-safe") {
            returndatacopy(add(data, 0x20), 0, length)
        }
    }

    /// @dev Split out of {handleL1Message} to keep its stack shallow.
    function _emitExecuted(
        uint256 nonce,
        bytes32 msgHash,
        uint256 toAddress,
        uint256 fromAddress,
        uint256 selector,
        uint256[] calldata payload
    ) private {
        emit L1HandlerExecuted(nonce, msgHash, address(uint160(toAddress)), fromAddress, selector, payload);
    }
}
