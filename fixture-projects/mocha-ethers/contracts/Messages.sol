// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import { IL2ToL2CrossDomainMessenger } from "hardhat-xdm/contracts/interfaces/IL2ToL2CrossDomainMessenger.sol";
import { IScrollMessenger } from "hardhat-xdm/contracts/interfaces/IScrollMessenger.sol";
import { L1Handler } from "hardhat-xdm/contracts/starknet/L1Handler.sol";

/// An OP interop greeting: sent through the L2ToL2CrossDomainMessenger, received from it.
contract Greeter {
    IL2ToL2CrossDomainMessenger constant MESSENGER = IL2ToL2CrossDomainMessenger(0x4200000000000000000000000000000000000023);
    string public greeting;
    address public from;

    function greet(uint256 destination, address to, string calldata text) external {
        MESSENGER.sendMessage(destination, to, abi.encodeCall(this.receiveGreeting, (text)));
    }

    function receiveGreeting(string calldata text) external {
        require(msg.sender == address(MESSENGER), "not the messenger");
        from = MESSENGER.crossDomainMessageSender();
        greeting = text;
    }
}

/// A Scroll message's target, on the L2 or the L1: records the text and who sent it on the other side.
contract ScrollInbox {
    string public text;
    address public from;

    function receiveText(string calldata text_) external {
        from = IScrollMessenger(msg.sender).xDomainMessageSender();
        text = text_;
    }
}

/// A StarkNet L1 handler: adds up the deposits the sequencer delivers.
contract DepositReceiver is L1Handler {
    uint256 public total;

    function deposit(uint256, uint256[] calldata payload) external onlyL1Handler {
        total += payload[0];
    }
}
