// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { Identifier } from "../../contracts/interfaces/ICrossL2Inbox.sol";
import { ICrossL2Inbox } from "../../contracts/interfaces/ICrossL2Inbox.sol";
import { IL2ToL2CrossDomainMessenger } from "../../contracts/interfaces/IL2ToL2CrossDomainMessenger.sol";
import { Predeploys } from "../../contracts/op/libraries/Predeploys.sol";
import { Xdm } from "../../contracts/testing/Xdm.sol";
import { XdmLog, XdmStatus } from "../../contracts/testing/XdmWorld.sol";

/// @dev Keeps the last value an OP message brought, and who sent it from where; refuses while closed.
contract Greeter {
    uint256 public value;
    address public sender;
    uint256 public source;
    bool public closed;

    function setClosed(bool closed_) external {
        closed = closed_;
    }

    function set(uint256 value_) external {
        require(!closed, "Greeter: closed");
        value = value_;
        (sender, source) = IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER)
            .crossDomainMessageContext();
    }
}

contract OpMessagesTest {
    IL2ToL2CrossDomainMessenger internal constant MESSENGER =
        IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER);

    function greeterOn(string memory chain) internal returns (Greeter greeter) {
        Xdm.select(chain);
        greeter = new Greeter();
    }

    function test_opA_to_opB() public {
        Greeter greeter = greeterOn("opB");
        Xdm.select("opA");
        MESSENGER.sendMessage(Xdm.chainId("opB"), address(greeter), abi.encodeCall(Greeter.set, (7)));
        require(Xdm.relayAll() == 1, "one message relayed");
        require(keccak256(bytes(Xdm.current())) == keccak256("opA"), "the selected chain stays selected");
        Xdm.select("opB");
        require(greeter.value() == 7, "the message ran on opB");
        require(greeter.sender() == address(this), "crossDomainMessageSender is the sender on opA");
        require(greeter.source() == Xdm.chainId("opA"), "crossDomainMessageSource is opA");
        require(Xdm.status(0) == XdmStatus.Relayed, "relayed");
    }

    function test_opB_to_opA_by_chain_id() public {
        Greeter greeter = greeterOn("opA");
        Xdm.select(Xdm.chainId("opB"));
        MESSENGER.sendMessage(Xdm.chainId("opA"), address(greeter), abi.encodeCall(Greeter.set, (9)));
        Xdm.relayAll();
        Xdm.select("opA");
        require(greeter.value() == 9, "the message ran on opA");
        require(greeter.source() == Xdm.chainId("opB"), "crossDomainMessageSource is opB");
    }

    function test_a_reverting_target_leaves_the_message_failed_and_relayable() public {
        Greeter greeter = greeterOn("opB");
        greeter.setClosed(true);
        Xdm.select("opA");
        MESSENGER.sendMessage(Xdm.chainId("opB"), address(greeter), abi.encodeCall(Greeter.set, (5)));
        Xdm.relayAll();
        XdmLog memory failed = Xdm.message(0);
        require(failed.status == XdmStatus.Failed, "failed");
        require(keccak256(failed.failure) == keccak256(abi.encodeWithSignature("Error(string)", "Greeter: closed")), "the target's reason");
        Xdm.select("opB");
        greeter.setClosed(false);
        require(Xdm.relayAll() == 1, "relayed again");
        require(greeter.value() == 5, "ran at last");
        require(Xdm.status(0) == XdmStatus.Relayed, "relayed");
    }

    function test_a_forged_message_is_refused_by_the_inbox() public {
        Greeter greeter = greeterOn("opB");
        bytes memory sent = abi.encodePacked(
            abi.encode(IL2ToL2CrossDomainMessenger.SentMessage.selector, Xdm.chainId("opB"), address(greeter), uint256(0)),
            abi.encode(address(this), abi.encodeCall(Greeter.set, (666)))
        );
        Identifier memory id = Identifier(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER, 1, 0, block.timestamp, Xdm.chainId("opA"));
        try MESSENGER.relayMessage(id, sent) {
            revert("a message no log initiated was relayed");
        } catch (bytes memory reason) {
            require(bytes4(reason) == ICrossL2Inbox.NotInAccessList.selector, "NotInAccessList");
        }
        require(greeter.value() == 0, "nothing ran");
    }

    function test_a_message_older_than_the_expiry_window_expires_and_resends() public {
        Greeter greeter = greeterOn("opB");
        Xdm.select("opA");
        bytes memory call = abi.encodeCall(Greeter.set, (3));
        MESSENGER.sendMessage(Xdm.chainId("opB"), address(greeter), call);
        Xdm.warp(7 days + 1);
        Xdm.relayAll();
        require(Xdm.status(0) == XdmStatus.Expired, "expired");
        Xdm.select("opB");
        require(greeter.value() == 0, "not relayed");
        // The real recovery: resend the stored message on its source, a new initiating log.
        Xdm.select("opA");
        MESSENGER.resendMessage(Xdm.chainId("opB"), 0, address(this), address(greeter), call);
        Xdm.relayAll();
        Xdm.select("opB");
        require(greeter.value() == 3, "the resent message ran");
    }

    function test_a_message_within_the_expiry_window_relays() public {
        Greeter greeter = greeterOn("opB");
        Xdm.select("opA");
        MESSENGER.sendMessage(Xdm.chainId("opB"), address(greeter), abi.encodeCall(Greeter.set, (4)));
        Xdm.warp(7 days);
        Xdm.relayAll();
        Xdm.select("opB");
        require(greeter.value() == 4, "relayed at the edge of the window");
    }
}
