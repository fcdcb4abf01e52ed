// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title XdmVm
/// @notice The cheatcodes of Hardhat's Solidity test runner (EDR) that the hardhat-xdm test library uses,
///         and only those: a user's test needs no other cheatcode library to use it.
interface XdmVm {
    /// @notice A log recorded since `recordLogs`: its topics, data and emitter (no block or index).
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function envOr(string calldata name, string calldata defaultValue) external view returns (string memory);
    function parseJsonString(string calldata json, string calldata key) external pure returns (string memory);
    function parseJsonUint(string calldata json, string calldata key) external pure returns (uint256);
    function parseJsonAddress(string calldata json, string calldata key) external pure returns (address);
    function parseJsonBytes(string calldata json, string calldata key) external pure returns (bytes memory);
    function parseJsonStringArray(string calldata json, string calldata key) external pure returns (string[] memory);
    function parseJsonBytes32Array(string calldata json, string calldata key) external pure returns (bytes32[] memory);
    function keyExistsJson(string calldata json, string calldata key) external view returns (bool);
    function createFork(string calldata url) external returns (uint256 forkId);
    function selectFork(uint256 forkId) external;
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);
    function prank(address sender) external;
    function warp(uint256 timestamp) external;
    function roll(uint256 blockNumber) external;
    function load(address target, bytes32 slot) external view returns (bytes32 data);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
}

/// @dev The cheatcode address every Foundry-compatible runner answers on.
XdmVm constant XDM_VM = XdmVm(address(uint160(uint256(keccak256("hevm cheat code")))));
