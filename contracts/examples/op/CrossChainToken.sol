// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import { ERC20 } from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import { IL2ToL2CrossDomainMessenger } from "../../interfaces/IL2ToL2CrossDomainMessenger.sol";
import { Predeploys } from "../../op/libraries/Predeploys.sol";

/// @title CrossChainToken
/// @notice Example OP interop token: deployed at the same address on every chain of a dependency set (same
///         deployer, same nonce), it moves between chains by burning on the source and minting on the
///         destination through the L2ToL2CrossDomainMessenger, so the total supply across chains never changes.
contract CrossChainToken is ERC20 {
    IL2ToL2CrossDomainMessenger internal constant MESSENGER =
        IL2ToL2CrossDomainMessenger(Predeploys.L2_TO_L2_CROSS_DOMAIN_MESSENGER);

    /// @notice Emitted when tokens leave this chain.
    event SentCrossChain(uint256 indexed destination, address indexed from, address indexed to, uint256 amount, bytes32 messageHash);

    /// @notice Emitted when tokens arrive from another chain.
    event ReceivedCrossChain(uint256 indexed source, address indexed from, address indexed to, uint256 amount);

    /// @notice `relayMint` was not called by the messenger.
    error CallerNotMessenger(address caller);

    /// @notice The relayed message was not sent by this token's address on the source chain.
    error SenderNotThisToken(address sender);

    /// @param _initialHolder Receives `_initialSupply` on this chain (use 0 on all chains but one).
    constructor(address _initialHolder, uint256 _initialSupply) ERC20("Cross-chain Token", "XCT") {
        if (_initialSupply > 0) _mint(_initialHolder, _initialSupply);
    }

    /// @notice Burns `_amount` of the caller's tokens here and mints them to `_to` on `_destination`.
    /// @return messageHash_ The hash of the cross-chain message.
    function sendCrossChain(uint256 _destination, address _to, uint256 _amount) external returns (bytes32 messageHash_) {
        _burn(msg.sender, _amount);
        messageHash_ = MESSENGER.sendMessage(_destination, address(this), abi.encodeCall(this.relayMint, (msg.sender, _to, _amount)));
        emit SentCrossChain(_destination, msg.sender, _to, _amount, messageHash_);
    }

    /// @notice Mints tokens burned on another chain; only through a message from this token's twin.
    function relayMint(address _from, address _to, uint256 _amount) external {
        if (msg.sender != address(MESSENGER)) revert CallerNotMessenger(msg.sender);
        (address sender, uint256 source) = MESSENGER.crossDomainMessageContext();
        if (sender != address(this)) revert SenderNotThisToken(sender);
        _mint(_to, _amount);
        emit ReceivedCrossChain(source, _from, _to, _amount);
    }
}
