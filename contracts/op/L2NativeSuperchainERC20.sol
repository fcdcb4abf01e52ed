// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { SuperchainERC20 } from "./SuperchainERC20.sol";

/// @notice The address given to `mint` or `burn` is the zero address.
error ZeroAddress();

/// @title L2NativeSuperchainERC20
/// @notice The test token supersim ships at 0x420beeF000000000000000000000000000000001 on every OP chain, so its
///         tutorials run unchanged: a SuperchainERC20 whose `mint` and `burn` are open to anyone.
/// @dev Installed with `hardhat_setCode` (no constructor runs), so name, symbol and decimals are constants and the
///      supply starts at zero on every chain.
contract L2NativeSuperchainERC20 is SuperchainERC20 {
    /// @notice `amount` tokens were minted to `account` by the open faucet.
    event Mint(address indexed account, uint256 amount);

    /// @notice `amount` tokens of `account` were burnt through the open faucet.
    event Burn(address indexed account, uint256 amount);

    constructor() ERC20("L2NativeSuperchainERC20", "MOCK") {}

    /// @notice Mints `_amount` to `_to`; anyone may call.
    function mint(address _to, uint256 _amount) external {
        if (_to == address(0)) revert ZeroAddress();
        _mint(_to, _amount);
        emit Mint(_to, _amount);
    }

    /// @notice Burns `_amount` of `_from`'s tokens; anyone may call, as on supersim.
    function burn(address _from, uint256 _amount) external {
        if (_from == address(0)) revert ZeroAddress();
        _burn(_from, _amount);
        emit Burn(_from, _amount);
    }

    /// @notice The token's name, a constant because the code is installed without its constructor.
    function name() public pure override returns (string memory) {
        return "L2NativeSuperchainERC20";
    }

    /// @notice The token's symbol, a constant for the same reason.
    function symbol() public pure override returns (string memory) {
        return "MOCK";
    }
}
