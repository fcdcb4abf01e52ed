// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { IStarknetL2Messaging } from "../../contracts/interfaces/IStarknetL2Messaging.sol";
import { IStarknetMessaging } from "../../contracts/interfaces/IStarknetMessaging.sol";
import { L1Handler } from "../../contracts/starknet/L1Handler.sol";
import { Xdm } from "../../contracts/testing/Xdm.sol";
import { XdmLog, XdmStatus } from "../../contracts/testing/XdmWorld.sol";

/// @dev An l1 handler on the StarkNet L2: keeps the payload's first word; refuses while closed.
contract Counter is L1Handler {
    uint256 public value;
    uint256 public from;
    bool public closed;

    function setClosed(bool closed_) external {
        closed = closed_;
    }

    function receive_(uint256 fromAddress, uint256[] calldata payload) external onlyL1Handler {
        require(!closed, "Counter: closed");
        from = fromAddress;
        value = payload[0];
    }
}

/// @dev Consumes messages from the L2 on L1.
contract Consumer {
    IStarknetMessaging public immutable core;
    uint256 public value;

    constructor(IStarknetMessaging core_) {
        core = core_;
    }

    function consume(uint256 fromAddress, uint256[] calldata payload) external {
        core.consumeMessageFromL2(fromAddress, payload);
        value = payload[0];
    }
}

contract StarknetMessagesTest {
    uint256 internal constant FEE = 1 gwei;

    function core() internal view returns (IStarknetMessaging) {
        return IStarknetMessaging(Xdm.l1ContractAddress("starknet", "StarknetCore"));
    }

    function one(uint256 word) internal pure returns (uint256[] memory payload) {
        payload = new uint256[](1);
        payload[0] = word;
    }

    function counterOnL2() internal returns (Counter counter) {
        Xdm.select("starknet");
        counter = new Counter();
    }

    function selector() internal pure returns (uint256) {
        return uint256(uint32(Counter.receive_.selector));
    }

    function test_l1_to_l2_to_the_l1_handler() public {
        Counter counter = counterOnL2();
        Xdm.select("l1");
        core().sendMessageToL2{ value: FEE }(uint256(uint160(address(counter))), selector(), one(31));
        Xdm.relayAll();
        Xdm.select("starknet");
        require(counter.value() == 31, "the l1 handler ran");
        require(counter.from() == uint256(uint160(address(this))), "fromAddress is the L1 sender");
        require(Xdm.status(0) == XdmStatus.Relayed, "relayed");
    }

    function test_l2_to_l1_state_update_then_consume() public {
        Xdm.select("l1");
        Consumer consumer = new Consumer(core());
        Xdm.select("starknet");
        IStarknetL2Messaging(Xdm.contractAddress("starknet", "StarknetL2Messaging")).sendMessageToL1(
            uint256(uint160(address(consumer))),
            one(41)
        );
        Xdm.select("l1");
        try consumer.consume(uint256(uint160(address(this))), one(41)) {
            revert("consumed before the state update");
        } catch {}
        require(Xdm.relayAll() == 1, "one state update carried it");
        consumer.consume(uint256(uint160(address(this))), one(41));
        require(consumer.value() == 41, "consumed on L1");
        try consumer.consume(uint256(uint160(address(this))), one(41)) {
            revert("consumed twice");
        } catch {}
    }

    function test_both_ways_in_one_update_consumes_the_handled_message_on_l1() public {
        Counter counter = counterOnL2();
        Xdm.select("l1");
        (bytes32 msgHash, ) = core().sendMessageToL2{ value: FEE }(uint256(uint160(address(counter))), selector(), one(5));
        Xdm.select("starknet");
        IStarknetL2Messaging(Xdm.contractAddress("starknet", "StarknetL2Messaging")).sendMessageToL1(
            uint256(uint160(address(this))),
            one(6)
        );
        Xdm.relayAll();
        Xdm.select("l1");
        require(core().l1ToL2Messages(msgHash) == 0, "the state update consumed the handled message on L1");
        require(core().l2ToL1Messages(core().l2ToL1MsgHash(uint256(uint160(address(this))), address(this), one(6))) == 1, "consumable");
    }

    function test_a_reverting_handler_leaves_it_pending_and_cancellable_after_five_days() public {
        Counter counter = counterOnL2();
        counter.setClosed(true);
        Xdm.select("l1");
        uint256 to = uint256(uint160(address(counter)));
        (bytes32 msgHash, uint256 nonce) = core().sendMessageToL2{ value: FEE }(to, selector(), one(7));
        Xdm.relayAll();
        XdmLog memory sent = Xdm.message(0);
        require(sent.status == XdmStatus.Failed, "the handler reverted");
        Xdm.select("l1");
        require(core().l1ToL2Messages(msgHash) == FEE + 1, "still pending on L1");
        core().startL1ToL2MessageCancellation(to, selector(), one(7), nonce);
        try core().cancelL1ToL2Message(to, selector(), one(7), nonce) {
            revert("cancelled before the delay");
        } catch {}
        Xdm.warp(5 days - 1);
        try core().cancelL1ToL2Message(to, selector(), one(7), nonce) {
            revert("cancelled a second early");
        } catch {}
        Xdm.warp(1);
        core().cancelL1ToL2Message(to, selector(), one(7), nonce);
        require(core().l1ToL2Messages(msgHash) == 0, "cancelled");
    }

    function test_a_message_whose_cancellation_started_is_never_delivered() public {
        Counter counter = counterOnL2();
        Xdm.select("l1");
        uint256 to = uint256(uint160(address(counter)));
        (, uint256 nonce) = core().sendMessageToL2{ value: FEE }(to, selector(), one(8));
        core().startL1ToL2MessageCancellation(to, selector(), one(8), nonce);
        Xdm.relayAll();
        require(Xdm.status(0) == XdmStatus.Cancelled, "skipped by the sequencer");
        Xdm.select("starknet");
        require(counter.value() == 0, "never delivered");
    }
}
