// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ScrollInitializable
/// @notice One-shot initialization for contracts the plugin installs with `hardhat_setCode`.
/// @dev Installed code never runs a constructor, so every system contract takes its configuration
/// through `initialize` and must refuse a second call; the revert string is OpenZeppelin v4's, which
/// Scroll's deployed (upgradeable) contracts use.
abstract contract ScrollInitializable {
    /// @notice Emitted once, when the contract is initialized.
    event Initialized(uint8 version);

    bool private _initialized;

    modifier initializer() {
        require(!_initialized, "Initializable: contract is already initialized");
        _initialized = true;
        _;
        emit Initialized(1);
    }

    /// @notice Whether `initialize` has run.
    function isInitialized() public view returns (bool) {
        return _initialized;
    }
}
