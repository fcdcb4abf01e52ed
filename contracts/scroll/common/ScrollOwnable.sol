// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ScrollOwnable
/// @notice Single-owner access control with OpenZeppelin v4's revert strings, set by `initialize`.
/// @dev OpenZeppelin v5's `Ownable` needs a constructor and reverts with custom errors; Scroll's
/// contracts (and the dapps that match their reasons) expect "Ownable: caller is not the owner".
abstract contract ScrollOwnable {
    /// @notice Emitted when ownership moves, including at initialization.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    address private _owner;

    modifier onlyOwner() {
        require(owner() == msg.sender, "Ownable: caller is not the owner");
        _;
    }

    /// @notice The account allowed to administer this contract.
    function owner() public view returns (address) {
        return _owner;
    }

    /// @notice Hands administration to `newOwner`.
    /// @param newOwner The new owner; must not be the zero address.
    function transferOwnership(address newOwner) external onlyOwner {
        require(newOwner != address(0), "Ownable: new owner is the zero address");
        _transferOwnership(newOwner);
    }

    /// @notice Leaves the contract without an owner, disabling every owner-only function forever.
    function renounceOwnership() external onlyOwner {
        _transferOwnership(address(0));
    }

    function _transferOwnership(address newOwner) internal {
        address oldOwner = _owner;
        _owner = newOwner;
        emit OwnershipTransferred(oldOwner, newOwner);
    }
}
