// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What the receiver reads of the messenger that calls it.
interface IXDomainMessenger {
    function xDomainMessageSender() external view returns (address);
}

/// @title BedrockReceiver
/// @notice Test target of CrossDomainMessenger messages (either layer): records the messenger's
///         `xDomainMessageSender` and the value of each message, and refuses them while `failing` is set.
contract BedrockReceiver {
    bool public failing;
    uint256 public received;
    address public lastCaller;
    address public lastXDomainSender;
    uint256 public lastValue;
    bytes public lastData;

    /// @notice Makes the next messages revert (or accepts them again).
    function setFailing(bool _failing) external {
        failing = _failing;
    }

    /// @notice The message's call: reverts "BedrockReceiver: failing" while failing.
    function receiveMessage(bytes calldata _data) external payable {
        require(!failing, "BedrockReceiver: failing");
        received += 1;
        lastCaller = msg.sender;
        lastXDomainSender = IXDomainMessenger(msg.sender).xDomainMessageSender();
        lastValue = msg.value;
        lastData = _data;
    }

    /// @notice A call that uses about `_rounds` × 22,100 gas (fresh storage writes), for gas-limit tests.
    function burnGas(uint256 _rounds) external payable {
        for (uint256 i = 0; i < _rounds; i++) {
            assembly {
                sstore(add(0x1000, i), 1)
            }
        }
        received += 1;
    }
}
