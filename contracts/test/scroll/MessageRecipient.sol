// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IScrollMessenger} from "../../interfaces/IScrollMessenger.sol";

/// @title MessageRecipient
/// @notice Test target for relayed messages: records what it saw, fails on request, burns all its
/// gas, or makes a call and records the outcome without reverting (to observe a messenger's
/// revert reason from inside a relayed call).
contract MessageRecipient {
    event Received(address indexed caller, address indexed xDomainSender, uint256 value, bytes data);
    event Probed(bool success, bytes returnData);

    address public lastCaller;
    address public lastXDomainSender;
    uint256 public lastValue;
    bytes public lastData;
    uint256 public received;
    bool public shouldFail;

    /// @notice Records the call; reverts "MessageRecipient: told to fail" while `shouldFail` is set.
    function record(bytes calldata data) external payable {
        require(!shouldFail, "MessageRecipient: told to fail");
        lastCaller = msg.sender;
        lastXDomainSender = IScrollMessenger(msg.sender).xDomainMessageSender();
        lastValue = msg.value;
        lastData = data;
        received += 1;
        emit Received(msg.sender, lastXDomainSender, msg.value, data);
    }

    function setShouldFail(bool value) external {
        shouldFail = value;
    }

    /// @notice Always reverts with `reason`.
    function fail(string calldata reason) external payable {
        revert(reason);
    }

    /// @notice Never returns: consumes all the gas it is given.
    function burnGas() external payable {
        uint256 i;
        while (true) {
            i++;
        }
    }

    /// @notice Calls `target` with `data` (and the ETH received) and records the result.
    function probe(address target, bytes calldata data) external payable {
        (bool success, bytes memory returnData) = target.call{value: msg.value}(data);
        emit Probed(success, returnData);
    }

    receive() external payable {}
}
