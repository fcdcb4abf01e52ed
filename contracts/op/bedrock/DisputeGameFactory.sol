// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { IDisputeGame } from "./DisputeGameTypes.sol";
import { OutputRootDisputeGame } from "./OutputRootDisputeGame.sol";

/// @title DisputeGameFactory
/// @notice Creates and lists one OP chain's dispute games (the 1.2.0 interface: `create`, `gameAtIndex`,
///         `games`, `findLatestGames`, …). Only the permissioned game type is supported, and only the
///         proposer may create one, as a PermissionedDisputeGame requires.
/// @dev Installed with `hardhat_setCode`: `initialize` sets the proposer, the registry and the games' clock.
contract DisputeGameFactory {
    string public constant version = "1.2.0";

    struct GameSearchResult {
        uint256 index;
        bytes32 metadata;
        uint64 timestamp;
        bytes32 rootClaim;
        bytes extraData;
    }

    /// @notice The game type this factory creates (PERMISSIONED_CANNON).
    uint32 public gameTypeSupported;
    /// @notice The only account whose transactions may create games.
    address public proposer;
    address public anchorStateRegistry;
    uint64 public maxClockDuration;
    bool internal initialized;
    /// @notice The bond each game type takes (0: the mock proposer posts none).
    mapping(uint32 => uint256) public initBonds;
    mapping(bytes32 => bytes32) internal gameIds;
    bytes32[] internal gameList;

    event DisputeGameCreated(address indexed disputeProxy, uint32 indexed gameType, bytes32 indexed rootClaim);

    error NoImplementation(uint32 gameType);
    error IncorrectBondAmount();
    error GameAlreadyExists(bytes32 uuid);
    error BadAuth();
    error BadExtraData();
    error UnexpectedRootClaim(bytes32 rootClaim);

    /// @notice Sets the game type, proposer, registry and clock once (the installer calls it).
    function initialize(
        uint32 _gameType,
        address _proposer,
        address _anchorStateRegistry,
        uint64 _maxClockDuration
    )
        external
    {
        require(!initialized, "Initializable: contract is already initialized");
        initialized = true;
        gameTypeSupported = _gameType;
        proposer = _proposer;
        anchorStateRegistry = _anchorStateRegistry;
        maxClockDuration = _maxClockDuration;
    }

    /// @notice Creates a game claiming `_rootClaim` for the L2 block `abi.decode(_extraData, (uint256))`.
    function create(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData) external payable returns (address proxy_) {
        if (_gameType != gameTypeSupported) revert NoImplementation(_gameType);
        if (msg.value != initBonds[_gameType]) revert IncorrectBondAmount();
        if (tx.origin != proposer) revert BadAuth();
        if (_extraData.length != 32) revert BadExtraData();
        uint256 l2BlockNumber = abi.decode(_extraData, (uint256));
        // The anchor is the L2 genesis: a claim must be about a later block.
        if (l2BlockNumber == 0) revert UnexpectedRootClaim(_rootClaim);
        bytes32 uuid = getGameUUID(_gameType, _rootClaim, _extraData);
        if (gameIds[uuid] != bytes32(0)) revert GameAlreadyExists(uuid);
        proxy_ = address(
            new OutputRootDisputeGame(
                _gameType, _rootClaim, l2BlockNumber, maxClockDuration, anchorStateRegistry, msg.sender
            )
        );
        bytes32 id = _packGameId(_gameType, uint64(block.timestamp), proxy_);
        gameIds[uuid] = id;
        gameList.push(id);
        emit DisputeGameCreated(proxy_, _gameType, _rootClaim);
    }

    /// @notice The game with this type, claim and extra data, and when it was created; zeros if none.
    function games(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData)
        external
        view
        returns (address proxy_, uint64 timestamp_)
    {
        (, timestamp_, proxy_) = _unpackGameId(gameIds[getGameUUID(_gameType, _rootClaim, _extraData)]);
    }

    /// @notice The `_index`-th game created.
    function gameAtIndex(uint256 _index) external view returns (uint32 gameType_, uint64 timestamp_, address proxy_) {
        return _unpackGameId(gameList[_index]);
    }

    function gameCount() external view returns (uint256) {
        return gameList.length;
    }

    function getGameUUID(uint32 _gameType, bytes32 _rootClaim, bytes calldata _extraData) public pure returns (bytes32) {
        return keccak256(abi.encode(_gameType, _rootClaim, _extraData));
    }

    /// @notice Up to `_n` games of `_gameType`, newest first, from index `_start` backwards.
    function findLatestGames(uint32 _gameType, uint256 _start, uint256 _n)
        external
        view
        returns (GameSearchResult[] memory games_)
    {
        if (_start >= gameList.length || _n == 0) return games_;
        games_ = new GameSearchResult[](_n);
        uint256 found = 0;
        for (uint256 i = _start + 1; i > 0 && found < _n; i--) {
            bytes32 id = gameList[i - 1];
            (uint32 gameType, uint64 timestamp, address proxy) = _unpackGameId(id);
            if (gameType != _gameType) continue;
            games_[found] = GameSearchResult({
                index: i - 1,
                metadata: id,
                timestamp: timestamp,
                rootClaim: IDisputeGame(proxy).rootClaim(),
                extraData: IDisputeGame(proxy).extraData()
            });
            found++;
        }
        assembly {
            mstore(games_, found)
        }
    }

    function _packGameId(uint32 _gameType, uint64 _timestamp, address _proxy) private pure returns (bytes32) {
        return bytes32((uint256(_gameType) << 224) | (uint256(_timestamp) << 160) | uint256(uint160(_proxy)));
    }

    function _unpackGameId(bytes32 _id) private pure returns (uint32 gameType_, uint64 timestamp_, address proxy_) {
        gameType_ = uint32(uint256(_id) >> 224);
        timestamp_ = uint64(uint256(_id) >> 160);
        proxy_ = address(uint160(uint256(_id)));
    }
}
