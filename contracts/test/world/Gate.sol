// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { IL2ToL2CrossDomainMessenger } from "../../interfaces/IL2ToL2CrossDomainMessenger.sol";

/// @title Gate
/// @notice Test target for the relayer's failure handling: it refuses messages while closed, and it can
///         require another message to have been relayed first, the way SuperchainTokenBridge-style
///         contracts do with `RequiredMessageNotSuccessful`.
contract Gate {
    IL2ToL2CrossDomainMessenger internal constant MESSENGER =
        IL2ToL2CrossDomainMessenger(0x4200000000000000000000000000000000000023);

    /// @notice Whether `enter` accepts calls.
    bool public open;

    /// @notice Number of accepted calls.
    uint256 public entries;

    /// @notice `enter` was called while the gate is closed.
    error GateClosed();

    /// @notice The message `msgHash` has not been relayed on this chain yet.
    error RequiredMessageNotSuccessful(bytes32 msgHash);

    /// @notice Emitted for every accepted call.
    event Entered(address indexed sender, uint256 source, uint256 entries);

    /// @notice Opens or closes the gate.
    function setOpen(bool _open) external {
        open = _open;
    }

    /// @notice Accepts a relayed call while open.
    function enter() external {
        if (!open) revert GateClosed();
        _enter();
    }

    /// @notice Accepts a relayed call once the message `_required` has been relayed on this chain.
    function enterAfter(bytes32 _required) external {
        if (!MESSENGER.successfulMessages(_required)) revert RequiredMessageNotSuccessful(_required);
        _enter();
    }

    function _enter() internal {
        entries++;
        (address sender, uint256 source) = MESSENGER.crossDomainMessageContext();
        emit Entered(sender, source, entries);
    }
}
