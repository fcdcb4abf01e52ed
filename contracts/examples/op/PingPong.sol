// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { Ownable } from "@openzeppelin/contracts/access/Ownable.sol";
import { IL2ToL2CrossDomainMessenger } from "../../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { Predeploys } from "../../op/libraries/Predeploys.sol";

/// @title PingPong
/// @notice Example OP interop dapp: one instance on each of two chains. `ping()` sends a ball to the
///         counterpart, which counts it and sends a pong back; the pong is counted and ends the rally.
/// @dev Shows the three checks every receiver of the L2ToL2CrossDomainMessenger makes: the caller is the
///      messenger, the cross-domain sender is the counterpart contract, the source is the counterpart chain.
contract PingPong is Ownable {
    /// @notice The two kinds of ball; a ping is answered with a pong.
    enum Ball {
        Ping,
        Pong
    }

    IL2ToL2CrossDomainMessenger internal constant MESSENGER =
        IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER);

    /// @notice Chain id of the counterpart's chain.
    uint256 public counterpartChainId;

    /// @notice Address of the counterpart instance on its chain.
    address public counterpart;

    /// @notice Number of balls (pings and pongs) received from the counterpart.
    uint256 public ballsReceived;

    /// @notice Number of rallies started on this chain; numbers the pings.
    uint256 public rallies;

    /// @notice Emitted when the owner sets the counterpart.
    event CounterpartSet(uint256 indexed chainId, address indexed counterpart);

    /// @notice Emitted when a ball leaves this chain.
    event BallSent(uint256 indexed destination, uint256 indexed rally, Ball ball, bytes32 messageHash);

    /// @notice Emitted when a ball from the counterpart arrives.
    event BallReceived(uint256 indexed source, uint256 indexed rally, Ball ball, uint256 ballsReceived);

    /// @notice `ping()` was called before the counterpart was set.
    error CounterpartNotSet();

    /// @notice `receiveBall` was called by someone other than the messenger.
    error CallerNotMessenger(address caller);

    /// @notice The relayed message was not sent by the counterpart contract.
    error SenderNotCounterpart(address sender);

    /// @notice The relayed message does not come from the counterpart chain.
    error SourceNotCounterpartChain(uint256 source);

    /// @param _owner Account allowed to set the counterpart.
    constructor(address _owner) Ownable(_owner) { }

    /// @notice Sets the instance this one plays against.
    /// @dev Owner only. A setter rather than a constructor argument: the counterpart's address is known only
    ///      once both instances are deployed.
    /// @param _chainId     Chain id of the counterpart's chain.
    /// @param _counterpart Address of the counterpart instance.
    function setCounterpart(uint256 _chainId, address _counterpart) external onlyOwner {
        counterpartChainId = _chainId;
        counterpart = _counterpart;
        emit CounterpartSet(_chainId, _counterpart);
    }

    /// @notice Starts a rally: sends a ping to the counterpart.
    /// @return messageHash_ Hash of the sent message, the key of its relay on the counterpart chain.
    function ping() external returns (bytes32 messageHash_) {
        if (counterpart == address(0)) revert CounterpartNotSet();
        messageHash_ = _send(++rallies, Ball.Ping);
    }

    /// @notice Receives a ball from the counterpart; answers a ping with a pong.
    /// @dev Callable only through a relayed message of the counterpart.
    /// @param _rally Number of the rally on the chain that started it.
    /// @param _ball  Kind of ball.
    function receiveBall(uint256 _rally, Ball _ball) external {
        if (msg.sender != address(MESSENGER)) revert CallerNotMessenger(msg.sender);
        address sender = MESSENGER.crossDomainMessageSender();
        if (sender != counterpart) revert SenderNotCounterpart(sender);
        uint256 source = MESSENGER.crossDomainMessageSource();
        if (source != counterpartChainId) revert SourceNotCounterpartChain(source);

        uint256 received = ++ballsReceived;
        emit BallReceived(source, _rally, _ball, received);

        if (_ball == Ball.Ping) _send(_rally, Ball.Pong);
    }

    function _send(uint256 _rally, Ball _ball) internal returns (bytes32 messageHash_) {
        messageHash_ = MESSENGER.sendMessage(
            counterpartChainId, counterpart, abi.encodeCall(this.receiveBall, (_rally, _ball))
        );
        emit BallSent(counterpartChainId, _rally, _ball, messageHash_);
    }
}
