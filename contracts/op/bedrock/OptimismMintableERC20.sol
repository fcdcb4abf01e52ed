// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { IERC165 } from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import { IOptimismMintableERC20 } from "./IOptimismMintableERC20.sol";

/// @title OptimismMintableERC20
/// @notice An L2 token for an L1 token: the L2StandardBridge mints it for deposits and burns it for
///         withdrawals. Built on OpenZeppelin's ERC20 (the real one too); deploy one per L1 token.
contract OptimismMintableERC20 is ERC20, IOptimismMintableERC20, IERC165 {
    /// @notice The L1 token this one stands for.
    address public immutable REMOTE_TOKEN;
    /// @notice The bridge that may mint and burn.
    address public immutable BRIDGE;

    event Mint(address indexed account, uint256 amount);
    event Burn(address indexed account, uint256 amount);

    modifier onlyBridge() {
        require(msg.sender == BRIDGE, "OptimismMintableERC20: only bridge can mint and burn");
        _;
    }

    constructor(address _bridge, address _remoteToken, string memory _name, string memory _symbol)
        ERC20(_name, _symbol)
    {
        BRIDGE = _bridge;
        REMOTE_TOKEN = _remoteToken;
    }

    function mint(address _to, uint256 _amount) external onlyBridge {
        _mint(_to, _amount);
        emit Mint(_to, _amount);
    }

    function burn(address _from, uint256 _amount) external onlyBridge {
        _burn(_from, _amount);
        emit Burn(_from, _amount);
    }

    function remoteToken() external view returns (address) {
        return REMOTE_TOKEN;
    }

    function bridge() external view returns (address) {
        return BRIDGE;
    }

    function supportsInterface(bytes4 _interfaceId) external pure returns (bool) {
        return _interfaceId == type(IERC165).interfaceId || _interfaceId == type(IOptimismMintableERC20).interfaceId;
    }
}
