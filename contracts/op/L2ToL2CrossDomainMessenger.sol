// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { Identifier, ICrossL2Inbox } from "../interfaces/ICrossL2Inbox.sol";
import { IL2ToL2CrossDomainMessenger } from "../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { Encoding } from "./libraries/Encoding.sol";
import { Hashing } from "./libraries/Hashing.sol";
import { Predeploys } from "./libraries/Predeploys.sol";

/// @title L2ToL2CrossDomainMessenger
/// @notice hardhat-xdm's L2ToL2CrossDomainMessenger 1.3.0: sends messages to other OP chains of the dependency
///         set as `SentMessage` logs, and relays the ones addressed to this chain once the CrossL2Inbox has
///         validated them.
/// @dev Installed with `hardhat_setCode`, so it has no constructor state and no immutables. Storage layout
///      (slots 0-2 are the real contract's; 3-4 are written by the plugin at install with
///      `hardhat_setStorageAt` and have no setter):
///        slot 0 `successfulMessages`, slot 1 `msgNonce`, slot 2 `sentMessages`,
///        slot 3 `_dependencySet` (chain id => member), slot 4 `dependencySetSize`.
///      Transient slots are the real contract's, so tooling that reads them keeps working.
contract L2ToL2CrossDomainMessenger is IL2ToL2CrossDomainMessenger {
    /// @dev keccak256("l2tol2crossdomainmessenger.sender") - 1
    bytes32 internal constant CROSS_DOMAIN_MESSAGE_SENDER_SLOT =
        0xb83444d07072b122e2e72a669ce32857d892345c19856f4e7142d06a167ab3f3;

    /// @dev keccak256("l2tol2crossdomainmessenger.source") - 1
    bytes32 internal constant CROSS_DOMAIN_MESSAGE_SOURCE_SLOT =
        0x711dfa3259c842fffc17d6e1f1e0fc5927756133a2345ca56b4cb8178589fee7;

    /// @dev keccak256("transientreentrancyaware.entered") - 1
    bytes32 internal constant ENTERED_SLOT = 0xf13569814868ede994184d5a425471fb19e869768a33421cb701a2ba3d420c0a;

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    string public constant version = "1.3.0";

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    uint16 public constant messageVersion = 0;

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    mapping(bytes32 messageHash => bool relayed) public successfulMessages;

    /// @dev Number of messages sent from this chain; the version lives in the top bits of `messageNonce()`.
    uint240 internal msgNonce;

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    mapping(uint256 nonce => bytes32 messageHash) public sentMessages;

    /// @dev Chains this chain may send to (seed model of the interop dependency set).
    mapping(uint256 chainId => bool member) internal _dependencySet;

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    uint8 public dependencySetSize;

    /// @dev Rejects re-entry into `relayMessage` through a relayed call, which could otherwise overwrite the
    ///      sender and source the outer target is about to read.
    modifier nonReentrant() {
        assembly ("memory-safe") {
            if tload(ENTERED_SLOT) {
                mstore(0, 0x37ed32e8) // ReentrantCall()
                revert(0x1c, 0x04)
            }
            tstore(ENTERED_SLOT, 1)
        }
        _;
        assembly ("memory-safe") {
            tstore(ENTERED_SLOT, 0)
        }
    }

    /// @dev Outside a relay the transient sender and source are zero, which a receiver could mistake for a
    ///      real context; reverting makes that mistake impossible.
    modifier onlyEntered() {
        assembly ("memory-safe") {
            if iszero(tload(ENTERED_SLOT)) {
                mstore(0, 0xbca35af6) // NotEntered()
                revert(0x1c, 0x04)
            }
        }
        _;
    }

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    function messageNonce() public view returns (uint256) {
        return Encoding.encodeVersionedNonce(msgNonce, messageVersion);
    }

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    function isInDependencySet(uint256 _chainId) public view returns (bool) {
        return _chainId == block.chainid || _dependencySet[_chainId];
    }

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    function crossDomainMessageSender() external view onlyEntered returns (address sender_) {
        assembly ("memory-safe") {
            sender_ := tload(CROSS_DOMAIN_MESSAGE_SENDER_SLOT)
        }
    }

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    function crossDomainMessageSource() external view onlyEntered returns (uint256 source_) {
        assembly ("memory-safe") {
            source_ := tload(CROSS_DOMAIN_MESSAGE_SOURCE_SLOT)
        }
    }

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    function crossDomainMessageContext() external view onlyEntered returns (address sender_, uint256 source_) {
        assembly ("memory-safe") {
            sender_ := tload(CROSS_DOMAIN_MESSAGE_SENDER_SLOT)
            source_ := tload(CROSS_DOMAIN_MESSAGE_SOURCE_SLOT)
        }
    }

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    function sendMessage(uint256 _destination, address _target, bytes calldata _message)
        external
        returns (bytes32 messageHash_)
    {
        if (_destination == block.chainid) revert MessageDestinationSameChain();
        if (_target == Predeploys.CROSS_L2_INBOX) revert MessageTargetCrossL2Inbox();
        if (_target == Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER) revert MessageTargetL2ToL2CrossDomainMessenger();
        if (!isInDependencySet(_destination)) revert InvalidChainId();

        uint256 nonce = messageNonce();
        messageHash_ = Hashing.hashL2toL2CrossDomainMessage({
            _destination: _destination,
            _source: block.chainid,
            _nonce: nonce,
            _sender: msg.sender,
            _target: _target,
            _message: _message
        });
        sentMessages[nonce] = messageHash_;
        msgNonce++;

        emit SentMessage(_destination, _target, nonce, msg.sender, _message);
    }

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    function relayMessage(Identifier calldata _id, bytes calldata _sentMessage)
        external
        payable
        nonReentrant
        returns (bytes memory returnData_)
    {
        if (_id.origin != Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER) revert IdOriginNotL2ToL2CrossDomainMessenger();

        // The inbox proves the (identifier, payload) pair was declared in the access list; the supervisor
        // rejected the transaction beforehand if that pair does not name a real log.
        ICrossL2Inbox(Predeploys.CROSS_L2_INBOX).validateMessage(_id, keccak256(_sentMessage));

        (uint256 destination, address target, uint256 nonce, address sender, bytes memory message) =
            Encoding.decodeSentMessagePayload(_sentMessage);

        if (destination != block.chainid) revert MessageDestinationNotRelayChain();

        uint256 source = _id.chainId;
        bytes32 messageHash = Hashing.hashL2toL2CrossDomainMessage({
            _destination: destination,
            _source: source,
            _nonce: nonce,
            _sender: sender,
            _target: target,
            _message: message
        });

        if (successfulMessages[messageHash]) revert MessageAlreadyRelayed();
        successfulMessages[messageHash] = true;

        _storeMessageMetadata(source, sender);

        bool success;
        (success, returnData_) = target.call{ value: msg.value }(message);

        // Bubbling the target's own revert data lets the relayer and the user see why it failed; the revert
        // also undoes the mark above, so the message can be relayed again later.
        if (!success) {
            assembly ("memory-safe") {
                revert(add(returnData_, 0x20), mload(returnData_))
            }
        }

        emit RelayedMessage(source, nonce, messageHash, keccak256(returnData_));

        _storeMessageMetadata(0, address(0));
    }

    /// @inheritdoc IL2ToL2CrossDomainMessenger
    function resendMessage(
        uint256 _destination,
        uint256 _nonce,
        address _sender,
        address _target,
        bytes calldata _message
    ) external returns (bytes32 messageHash_) {
        messageHash_ = Hashing.hashL2toL2CrossDomainMessage({
            _destination: _destination,
            _source: block.chainid,
            _nonce: _nonce,
            _sender: _sender,
            _target: _target,
            _message: _message
        });
        if (sentMessages[_nonce] != messageHash_) revert InvalidMessage();

        emit SentMessage(_destination, _target, _nonce, _sender, _message);
    }

    /// @dev Transient, so the context cannot leak into a later transaction even if clearing were skipped.
    function _storeMessageMetadata(uint256 _source, address _sender) internal {
        assembly ("memory-safe") {
            tstore(CROSS_DOMAIN_MESSAGE_SENDER_SLOT, _sender)
            tstore(CROSS_DOMAIN_MESSAGE_SOURCE_SLOT, _source)
        }
    }
}
