// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IL2ToL2CrossDomainMessenger} from "../interfaces/IL2ToL2CrossDomainMessenger.sol";
import {IScrollMessenger} from "../interfaces/IScrollMessenger.sol";
import {IStarknetMessaging} from "../interfaces/IStarknetMessaging.sol";
import {L1Handler} from "../starknet/L1Handler.sol";

/// @title BenchSink
/// @notice The one target of the benchmark: the plain call of the baseline (`hit()`) and the
/// destination of every relayed message (`hit()` for OP and Scroll, the l1 handler `handle` for
/// StarkNet). It does the same tiny amount of work either way: one counter increment.
contract BenchSink is L1Handler {
    uint256 public hits;

    /// @notice The plain call, and the call an OP or Scroll message makes.
    function hit() external {
        hits += 1;
    }

    /// @notice The StarkNet l1 handler `handle(uint256,uint256[])`.
    function handle(uint256, uint256[] calldata) external onlyL1Handler {
        hits += 1;
    }

    /// @notice Sends `count` L2→L1 messages from this contract (this chain must be the StarkNet L2).
    function sendToL1(uint256 toAddress, uint256[] calldata payload, uint256 count) external {
        for (uint256 i = 0; i < count; i++) {
            _sendMessageToL1(toAddress, payload);
        }
    }
}

/// @title BenchLooper
/// @notice Sends many messages in one transaction, to build a long message history quickly. Each
/// message is an ordinary message of its protocol; only its sender is this contract.
contract BenchLooper {
    /// @notice `count` OP interop messages to `target` on chain `destination`.
    function opSend(address messenger, uint256 destination, address target, bytes calldata data, uint256 count) external {
        for (uint256 i = 0; i < count; i++) {
            IL2ToL2CrossDomainMessenger(messenger).sendMessage(destination, target, data);
        }
    }

    /// @notice `count` Scroll messages (L1→L2 through L1ScrollMessenger or L2→L1 through L2ScrollMessenger);
    /// `msg.value` pays every fee, the messenger refunds what is left.
    function scrollSend(address messenger, address target, bytes calldata data, uint256 gasLimit, uint256 count) external payable {
        uint256 fee = msg.value / (count == 0 ? 1 : count);
        for (uint256 i = 0; i < count; i++) {
            IScrollMessenger(messenger).sendMessage{value: fee}(target, 0, data, gasLimit, address(this));
        }
    }

    /// @notice `count` StarkNet L1→L2 messages, each paying `msg.value / count` as its fee.
    function starknetSend(address core, uint256 toAddress, uint256 selector, uint256[] calldata payload, uint256 count) external payable {
        uint256 fee = msg.value / count;
        for (uint256 i = 0; i < count; i++) {
            IStarknetMessaging(core).sendMessageToL2{value: fee}(toAddress, selector, payload);
        }
    }

    /// @notice Refunds from the Scroll messenger.
    receive() external payable {}
}
