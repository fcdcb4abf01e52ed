// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { BedrockAddresses } from "./BedrockAddresses.sol";
import { BedrockHashing } from "./BedrockHashing.sol";
import { SafeCall } from "./SafeCall.sol";

/// @title CrossDomainMessenger
/// @notice The half of the OP Stack messenger both layers share: `sendMessage` with its gas arithmetic, and
///         `relayMessage` with the real contract's check order, failed messages kept for a replay by anyone,
///         and `xDomainMessageSender` during a relay.
/// @dev Installed with `hardhat_setCode`: no constructor runs, so `initialize` sets what the real proxy's
///      initializer sets. Storage is this project's layout, not the real slots 203-207.
abstract contract CrossDomainMessenger {
    uint16 public constant MESSAGE_VERSION = 1;
    uint64 public constant RELAY_CONSTANT_OVERHEAD = 200_000;
    uint64 public constant MIN_GAS_DYNAMIC_OVERHEAD_NUMERATOR = 64;
    uint64 public constant MIN_GAS_DYNAMIC_OVERHEAD_DENOMINATOR = 63;
    uint64 public constant MIN_GAS_CALLDATA_OVERHEAD = 16;
    uint64 public constant RELAY_CALL_OVERHEAD = 40_000;
    uint64 public constant RELAY_RESERVED_GAS = 40_000;
    uint64 public constant RELAY_GAS_CHECK_BUFFER = 5_000;
    uint64 public constant TX_BASE_GAS = 21_000;
    uint64 public constant FLOOR_CALLDATA_OVERHEAD = 40;
    uint64 public constant ENCODING_OVERHEAD = 260;

    /// @notice Messages relayed successfully, by versioned hash.
    mapping(bytes32 => bool) public successfulMessages;
    /// @notice Messages whose relay failed and that anyone may relay again, by versioned hash.
    mapping(bytes32 => bool) public failedMessages;
    address internal xDomainMsgSender;
    uint240 internal msgNonce;
    /// @notice The messenger on the other layer.
    address public otherMessenger;
    bool internal initialized;

    event SentMessage(address indexed target, address sender, bytes message, uint256 messageNonce, uint256 gasLimit);
    event SentMessageExtension1(address indexed sender, uint256 value);
    event RelayedMessage(bytes32 indexed msgHash);
    event FailedRelayedMessage(bytes32 indexed msgHash);

    /// @notice Sends `_message` to `_target` on the other layer, with `msg.value` and at least `_minGasLimit`
    ///         gas for the call there.
    function sendMessage(address _target, bytes calldata _message, uint32 _minGasLimit) external payable {
        uint256 nonce = messageNonce();
        _sendMessage(
            otherMessenger,
            baseGas(_message, _minGasLimit),
            msg.value,
            abi.encodeCall(this.relayMessage, (nonce, msg.sender, _target, msg.value, _minGasLimit, _message))
        );
        emit SentMessage(_target, msg.sender, _message, nonce, _minGasLimit);
        emit SentMessageExtension1(msg.sender, msg.value);
        unchecked {
            ++msgNonce;
        }
    }

    /// @notice Relays a message from the other layer: from the other messenger (the first time), or from
    ///         anyone for a message whose first relay failed.
    function relayMessage(
        uint256 _nonce,
        address _sender,
        address _target,
        uint256 _value,
        uint256 _minGasLimit,
        bytes calldata _message
    )
        external
        payable
    {
        require(!paused(), "CrossDomainMessenger: paused");
        (, uint16 version) = BedrockHashing.decodeVersionedNonce(_nonce);
        require(version < 2, "CrossDomainMessenger: only version 0 or 1 messages are supported at this time");
        if (version == 0) {
            bytes32 legacyHash = BedrockHashing.hashCrossDomainMessageV0(_target, _sender, _message, _nonce);
            require(!successfulMessages[legacyHash], "CrossDomainMessenger: legacy withdrawal already relayed");
        }
        bytes32 versionedHash =
            BedrockHashing.hashCrossDomainMessageV1(_nonce, _sender, _target, _value, _minGasLimit, _message);
        if (_isOtherMessenger()) {
            assert(msg.value == _value);
            assert(!failedMessages[versionedHash]);
        } else {
            require(msg.value == 0, "CrossDomainMessenger: value must be zero unless message is from a system address");
            require(failedMessages[versionedHash], "CrossDomainMessenger: message cannot be replayed");
        }
        require(!_isUnsafeTarget(_target), "CrossDomainMessenger: cannot send message to blocked system address");
        require(!successfulMessages[versionedHash], "CrossDomainMessenger: message has already been relayed");

        if (
            !SafeCall.hasMinGas(_minGasLimit, RELAY_RESERVED_GAS + RELAY_GAS_CHECK_BUFFER)
                || xDomainMsgSender != BedrockAddresses.DEFAULT_L2_SENDER
        ) {
            _fail(versionedHash);
            return;
        }
        xDomainMsgSender = _sender;
        bool success = SafeCall.call(_target, gasleft() - RELAY_RESERVED_GAS, _value, _message);
        xDomainMsgSender = BedrockAddresses.DEFAULT_L2_SENDER;
        if (success) {
            successfulMessages[versionedHash] = true;
            emit RelayedMessage(versionedHash);
        } else {
            _fail(versionedHash);
        }
    }

    /// @notice The sender of the message being relayed; reverts outside a relay.
    function xDomainMessageSender() external view returns (address) {
        require(
            xDomainMsgSender != BedrockAddresses.DEFAULT_L2_SENDER,
            "CrossDomainMessenger: xDomainMessageSender is not set"
        );
        return xDomainMsgSender;
    }

    /// @notice The nonce the next message gets, with MESSAGE_VERSION in its top 16 bits.
    function messageNonce() public view returns (uint256) {
        return BedrockHashing.encodeVersionedNonce(msgNonce, MESSAGE_VERSION);
    }

    /// @notice The gas the message's transaction on the other layer must carry so that the relay can give the
    ///         target `_minGasLimit`: the execution overheads, or the calldata floor (EIP-7623) if larger.
    function baseGas(bytes calldata _message, uint32 _minGasLimit) public pure returns (uint64) {
        uint64 encodedLength = uint64(_message.length) + ENCODING_OVERHEAD;
        uint64 execution = RELAY_CONSTANT_OVERHEAD + RELAY_CALL_OVERHEAD + RELAY_RESERVED_GAS
            + RELAY_GAS_CHECK_BUFFER
            + ((_minGasLimit * MIN_GAS_DYNAMIC_OVERHEAD_NUMERATOR) / MIN_GAS_DYNAMIC_OVERHEAD_DENOMINATOR);
        uint64 withCalldata = execution + encodedLength * MIN_GAS_CALLDATA_OVERHEAD;
        uint64 floor = encodedLength * FLOOR_CALLDATA_OVERHEAD;
        return TX_BASE_GAS + (withCalldata > floor ? withCalldata : floor);
    }

    /// @notice Whether relaying is stopped. This model has no guardian, so it never is.
    function paused() public view virtual returns (bool);

    /// @notice Legacy getter of `otherMessenger`.
    function OTHER_MESSENGER() external view returns (address) {
        return otherMessenger;
    }

    function _initialize(address _otherMessenger) internal {
        require(!initialized, "Initializable: contract is already initialized");
        initialized = true;
        otherMessenger = _otherMessenger;
        xDomainMsgSender = BedrockAddresses.DEFAULT_L2_SENDER;
    }

    function _fail(bytes32 _versionedHash) private {
        failedMessages[_versionedHash] = true;
        emit FailedRelayedMessage(_versionedHash);
        // Under the estimation origin a failure reverts, so that estimating gas finds what a relay needs.
        if (tx.origin == BedrockAddresses.ESTIMATION_ADDRESS) revert("CrossDomainMessenger: failed to relay message");
    }

    /// @notice Carries the relay calldata to the other layer (a deposit on L1, a withdrawal on L2).
    function _sendMessage(address _to, uint64 _gasLimit, uint256 _value, bytes memory _data) internal virtual;

    /// @notice Whether the caller is the other layer's messenger arriving through the rollup.
    function _isOtherMessenger() internal view virtual returns (bool);

    /// @notice Targets a relay may never call (the messenger itself and the rollup's entry point).
    function _isUnsafeTarget(address _target) internal view virtual returns (bool);
}
