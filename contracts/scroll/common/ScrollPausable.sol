// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ScrollPausable
/// @notice Emergency stop with OpenZeppelin v4's revert strings ("Pausable: paused"), as Scroll's
/// contracts revert with them; zero storage means "not paused", so no constructor is needed.
abstract contract ScrollPausable {
    /// @notice Emitted when `account` pauses the contract.
    event Paused(address account);
    /// @notice Emitted when `account` lifts the pause.
    event Unpaused(address account);

    bool private _paused;

    modifier whenNotPaused() {
        require(!_paused, "Pausable: paused");
        _;
    }

    modifier whenPaused() {
        require(_paused, "Pausable: not paused");
        _;
    }

    /// @notice Whether the contract is paused.
    function paused() public view returns (bool) {
        return _paused;
    }

    function _pause() internal whenNotPaused {
        _paused = true;
        emit Paused(msg.sender);
    }

    function _unpause() internal whenPaused {
        _paused = false;
        emit Unpaused(msg.sender);
    }
}
