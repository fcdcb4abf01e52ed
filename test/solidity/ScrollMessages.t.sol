// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { IL1ScrollMessenger } from "../../contracts/interfaces/IL1ScrollMessenger.sol";
import { IScrollMessenger } from "../../contracts/interfaces/IScrollMessenger.sol";
import { Xdm } from "../../contracts/testing/Xdm.sol";
import { XdmScrollClaim } from "../../contracts/testing/XdmScroll.sol";
import { XdmLog, XdmStatus } from "../../contracts/testing/XdmWorld.sol";

/// @dev Keeps what a Scroll message brought and who sent it; refuses while closed.
contract Inbox {
    IScrollMessenger public immutable messenger;
    uint256 public value;
    address public sender;
    bool public closed;

    constructor(IScrollMessenger messenger_) {
        messenger = messenger_;
    }

    function setClosed(bool closed_) external {
        closed = closed_;
    }

    function set(uint256 value_) external {
        require(msg.sender == address(messenger), "Inbox: not the messenger");
        require(!closed, "Inbox: closed");
        value = value_;
        sender = messenger.xDomainMessageSender();
    }
}

contract ScrollMessagesTest {
    uint256 internal constant GAS_LIMIT = 1_000_000;

    function inboxOn(string memory chain, IScrollMessenger messenger) internal returns (Inbox inbox) {
        Xdm.select(chain);
        inbox = new Inbox(messenger);
    }

    function l1Messenger() internal view returns (IL1ScrollMessenger) {
        return IL1ScrollMessenger(Xdm.l1ContractAddress("scroll", "L1ScrollMessenger"));
    }

    function l2Messenger() internal view returns (IScrollMessenger) {
        return IScrollMessenger(Xdm.contractAddress("scroll", "L2ScrollMessenger"));
    }

    function test_l1_to_l2_after_the_confirmations() public {
        Inbox inbox = inboxOn("scroll", l2Messenger());
        Xdm.select("l1");
        uint256 sentAt = block.number;
        IScrollMessenger(address(l1Messenger())).sendMessage(address(inbox), 0, abi.encodeCall(Inbox.set, (11)), GAS_LIMIT);
        require(Xdm.relayAll() == 1, "one message relayed");
        require(block.number >= sentAt + 10, "the L1 has the confirmations over the message");
        Xdm.select("scroll");
        require(inbox.value() == 11, "ran on the L2");
        require(inbox.sender() == address(this), "xDomainMessageSender is the L1 sender");
    }

    function test_l1_to_l2_failed_then_replayed_on_l1() public {
        Inbox inbox = inboxOn("scroll", l2Messenger());
        inbox.setClosed(true);
        Xdm.select("l1");
        bytes memory call = abi.encodeCall(Inbox.set, (12));
        IScrollMessenger(address(l1Messenger())).sendMessage(address(inbox), 0, call, GAS_LIMIT);
        Xdm.relayAll();
        XdmLog memory sent = Xdm.message(0);
        require(sent.status == XdmStatus.Failed, "failed on the L2");
        (, uint64 queueIndex, , ) = abi.decode(sent.data, (uint256, uint64, uint256, bytes));
        Xdm.select("scroll");
        inbox.setClosed(false);
        Xdm.select("l1");
        l1Messenger().replayMessage(address(this), address(inbox), 0, queueIndex, call, uint32(GAS_LIMIT), address(this));
        Xdm.relayAll();
        require(Xdm.status(1) == XdmStatus.Relayed, "the replay relayed");
        Xdm.select("scroll");
        require(inbox.value() == 12, "ran at last");
    }

    function test_l2_to_l1_batch_proof_finalization_then_claim() public {
        Inbox inbox = inboxOn("l1", IScrollMessenger(address(l1Messenger())));
        Xdm.select("scroll");
        l2Messenger().sendMessage(address(inbox), 0, abi.encodeCall(Inbox.set, (21)), 0);
        XdmLog memory sent = Xdm.message(0);
        (, uint256 nonce, , ) = abi.decode(sent.data, (uint256, uint256, uint256, bytes));
        require(Xdm.relayAll() == 1, "finalized");
        XdmScrollClaim memory claim = Xdm.scrollClaim("scroll", nonce);
        Xdm.select("l1");
        require(inbox.value() == 0, "nothing runs before the claim");
        // A proof that is not the message's is refused by the messenger.
        IL1ScrollMessenger.L2MessageProof memory forged = IL1ScrollMessenger.L2MessageProof(
            claim.proof.batchIndex,
            abi.encodePacked(keccak256("forged"))
        );
        try l1Messenger().relayMessageWithProof(claim.from, claim.to, claim.value, claim.nonce, claim.message, forged) {
            revert("a forged proof was accepted");
        } catch Error(string memory reason) {
            require(keccak256(bytes(reason)) == keccak256("Invalid proof"), reason);
        }
        l1Messenger().relayMessageWithProof(claim.from, claim.to, claim.value, claim.nonce, claim.message, claim.proof);
        require(inbox.value() == 21, "claimed on L1");
        require(inbox.sender() == address(this), "xDomainMessageSender is the L2 sender");
    }

    function test_two_withdrawals_share_a_batch_and_each_claims() public {
        Inbox inbox = inboxOn("l1", IScrollMessenger(address(l1Messenger())));
        Xdm.select("scroll");
        l2Messenger().sendMessage(address(inbox), 0, abi.encodeCall(Inbox.set, (1)), 0);
        l2Messenger().sendMessage(address(inbox), 0, abi.encodeCall(Inbox.set, (2)), 0);
        l2Messenger().sendMessage(address(inbox), 0, abi.encodeCall(Inbox.set, (3)), 0);
        Xdm.relayAll();
        for (uint256 i = 0; i < 3; i++) {
            (, uint256 nonce, , ) = abi.decode(Xdm.message(i).data, (uint256, uint256, uint256, bytes));
            XdmScrollClaim memory claim = Xdm.scrollClaim("scroll", nonce);
            Xdm.select("l1");
            l1Messenger().relayMessageWithProof(claim.from, claim.to, claim.value, claim.nonce, claim.message, claim.proof);
            require(inbox.value() == i + 1, "claimed in any order of the batch");
        }
    }
}
