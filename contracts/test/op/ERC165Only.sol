// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { ERC165 } from "@openzeppelin/contracts/utils/introspection/ERC165.sol";

/// @title ERC165Only
/// @notice Answers supportsInterface for IERC165 alone: a token the SuperchainTokenBridge must refuse with
///         InvalidERC7802.
contract ERC165Only is ERC165 {}
