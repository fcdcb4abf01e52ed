// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { GameStatus, IDisputeGame } from "./DisputeGameTypes.sol";

/// @notice What the registry reads of the factory.
interface IGameRegistry {
    function games(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData)
        external
        view
        returns (address proxy_, uint64 timestamp_);
}

/// @title AnchorStateRegistry
/// @notice Decides which dispute games the portal may trust (the 3.5.0 checks: registered, not blacklisted,
///         not retired, respected, resolved, final after the finality delay). This model has no guardian,
///         so nothing is ever blacklisted or paused.
/// @dev Installed with `hardhat_setCode`: `initialize` sets what the real initializer and constructor set.
contract AnchorStateRegistry {
    string public constant version = "3.5.0";

    address public disputeGameFactory;
    uint32 public respectedGameType;
    /// @notice Games created at or before this time are retired.
    uint64 public retirementTimestamp;
    uint256 internal finalityDelaySeconds;
    bool internal initialized;

    /// @notice Sets the factory, the respected game type and the finality delay once (the installer calls it).
    function initialize(address _disputeGameFactory, uint32 _respectedGameType, uint256 _finalityDelaySeconds)
        external
    {
        require(!initialized, "Initializable: contract is already initialized");
        initialized = true;
        disputeGameFactory = _disputeGameFactory;
        respectedGameType = _respectedGameType;
        // The real initializer retires games up to its own block's time; this one's install shares its second
        // with the world's next blocks (the nodes allow equal timestamps), so only earlier games are retired.
        retirementTimestamp = uint64(block.timestamp - 1);
        finalityDelaySeconds = _finalityDelaySeconds;
    }

    /// @notice Seconds a resolved game waits before the portal trusts its claim.
    function disputeGameFinalityDelaySeconds() external view returns (uint256) {
        return finalityDelaySeconds;
    }

    function paused() public pure returns (bool) {
        return false;
    }

    function isGameBlacklisted(IDisputeGame) public pure returns (bool) {
        return false;
    }

    function isGameRegistered(IDisputeGame _game) public view returns (bool) {
        (uint32 gameType, bytes32 rootClaim, bytes memory extraData) = _game.gameData();
        (address proxy,) = IGameRegistry(disputeGameFactory).games(gameType, rootClaim, extraData);
        return proxy == address(_game) && _game.anchorStateRegistry() == address(this);
    }

    function isGameRetired(IDisputeGame _game) public view returns (bool) {
        return _game.createdAt() <= retirementTimestamp;
    }

    function isGameProper(IDisputeGame _game) public view returns (bool) {
        return isGameRegistered(_game) && !isGameBlacklisted(_game) && !isGameRetired(_game) && !paused();
    }

    function isGameRespected(IDisputeGame _game) public view returns (bool) {
        return _game.wasRespectedGameTypeWhenCreated();
    }

    function isGameResolved(IDisputeGame _game) public view returns (bool) {
        GameStatus status = _game.status();
        return _game.resolvedAt() != 0
            && (status == GameStatus.DEFENDER_WINS || status == GameStatus.CHALLENGER_WINS);
    }

    function isGameFinalized(IDisputeGame _game) public view returns (bool) {
        return isGameResolved(_game) && block.timestamp - _game.resolvedAt() > finalityDelaySeconds;
    }

    function isGameClaimValid(IDisputeGame _game) public view returns (bool) {
        return isGameProper(_game) && isGameRespected(_game) && isGameFinalized(_game)
            && _game.status() == GameStatus.DEFENDER_WINS;
    }
}
