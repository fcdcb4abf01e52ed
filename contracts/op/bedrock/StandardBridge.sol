// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { SafeERC20 } from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import { ERC165Checker } from "@openzeppelin/contracts/utils/introspection/ERC165Checker.sol";
import { CrossDomainMessenger } from "./CrossDomainMessenger.sol";
import { EOA } from "./EOA.sol";
import { IOptimismMintableERC20 } from "./IOptimismMintableERC20.sol";
import { SafeCall } from "./SafeCall.sol";

/// @title StandardBridge
/// @notice The half of the OP Stack standard bridge both layers share: ETH and ERC20 sent through the
///         messengers to the other layer's bridge. A token that is OptimismMintable here is burned and minted;
///         any other is locked in `deposits` and paid out of them.
/// @dev Installed with `hardhat_setCode`: `_initialize` sets the messenger and the other bridge.
abstract contract StandardBridge {
    using SafeERC20 for IERC20;

    /// @notice Tokens held for the other layer, by local token and remote token.
    mapping(address => mapping(address => uint256)) public deposits;
    /// @notice This layer's CrossDomainMessenger.
    CrossDomainMessenger public messenger;
    /// @notice The bridge on the other layer.
    StandardBridge public otherBridge;
    bool internal initialized;

    event ETHBridgeInitiated(address indexed from, address indexed to, uint256 amount, bytes extraData);
    event ETHBridgeFinalized(address indexed from, address indexed to, uint256 amount, bytes extraData);
    event ERC20BridgeInitiated(
        address indexed localToken,
        address indexed remoteToken,
        address indexed from,
        address to,
        uint256 amount,
        bytes extraData
    );
    event ERC20BridgeFinalized(
        address indexed localToken,
        address indexed remoteToken,
        address indexed from,
        address to,
        uint256 amount,
        bytes extraData
    );

    modifier onlyEOA() {
        require(EOA.isSenderEOA(), "StandardBridge: function can only be called from an EOA");
        _;
    }

    modifier onlyOtherBridge() {
        require(
            msg.sender == address(messenger) && messenger.xDomainMessageSender() == address(otherBridge),
            "StandardBridge: function can only be called from the other bridge"
        );
        _;
    }

    /// @notice ETH sent here goes to the sender on the other layer with 200_000 gas.
    receive() external payable onlyEOA {
        _initiateBridgeETH(msg.sender, msg.sender, msg.value, 200_000, bytes(""));
    }

    /// @notice Sends `msg.value` to the caller on the other layer.
    function bridgeETH(uint32 _minGasLimit, bytes calldata _extraData) public payable onlyEOA {
        _initiateBridgeETH(msg.sender, msg.sender, msg.value, _minGasLimit, _extraData);
    }

    /// @notice Sends `msg.value` to `_to` on the other layer.
    function bridgeETHTo(address _to, uint32 _minGasLimit, bytes calldata _extraData) public payable {
        _initiateBridgeETH(msg.sender, _to, msg.value, _minGasLimit, _extraData);
    }

    /// @notice Sends `_amount` of `_localToken` to the caller as `_remoteToken` on the other layer.
    function bridgeERC20(
        address _localToken,
        address _remoteToken,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes calldata _extraData
    )
        public
        virtual
        onlyEOA
    {
        _initiateBridgeERC20(_localToken, _remoteToken, msg.sender, msg.sender, _amount, _minGasLimit, _extraData);
    }

    /// @notice Sends `_amount` of `_localToken` to `_to` as `_remoteToken` on the other layer.
    function bridgeERC20To(
        address _localToken,
        address _remoteToken,
        address _to,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes calldata _extraData
    )
        public
        virtual
    {
        _initiateBridgeERC20(_localToken, _remoteToken, msg.sender, _to, _amount, _minGasLimit, _extraData);
    }

    /// @notice Pays ETH the other bridge sent: only the messenger relaying the other bridge's message.
    function finalizeBridgeETH(
        address _from,
        address _to,
        uint256 _amount,
        bytes calldata _extraData
    )
        public
        payable
        onlyOtherBridge
    {
        require(msg.value == _amount, "StandardBridge: amount sent does not match amount required");
        require(_to != address(this), "StandardBridge: cannot send to self");
        require(_to != address(messenger), "StandardBridge: cannot send to messenger");
        _emitETHBridgeFinalized(_from, _to, _amount, _extraData);
        bool success = SafeCall.call(_to, gasleft(), _amount, hex"");
        require(success, "StandardBridge: ETH transfer failed");
    }

    /// @notice Pays tokens the other bridge sent: mints a mintable token, else releases locked ones.
    function finalizeBridgeERC20(
        address _localToken,
        address _remoteToken,
        address _from,
        address _to,
        uint256 _amount,
        bytes calldata _extraData
    )
        public
        onlyOtherBridge
    {
        if (_isOptimismMintableERC20(_localToken)) {
            require(
                _isCorrectTokenPair(_localToken, _remoteToken),
                "StandardBridge: wrong remote token for Optimism Mintable ERC20 local token"
            );
            IOptimismMintableERC20(_localToken).mint(_to, _amount);
        } else {
            deposits[_localToken][_remoteToken] -= _amount;
            IERC20(_localToken).safeTransfer(_to, _amount);
        }
        _emitERC20BridgeFinalized(_localToken, _remoteToken, _from, _to, _amount, _extraData);
    }

    function _initialize(CrossDomainMessenger _messenger, StandardBridge _otherBridge) internal {
        require(!initialized, "Initializable: contract is already initialized");
        initialized = true;
        messenger = _messenger;
        otherBridge = _otherBridge;
    }

    function _initiateBridgeETH(
        address _from,
        address _to,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes memory _extraData
    )
        internal
    {
        require(msg.value == _amount, "StandardBridge: bridging ETH must include sufficient ETH value");
        _emitETHBridgeInitiated(_from, _to, _amount, _extraData);
        messenger.sendMessage{ value: _amount }(
            address(otherBridge),
            abi.encodeCall(this.finalizeBridgeETH, (_from, _to, _amount, _extraData)),
            _minGasLimit
        );
    }

    function _initiateBridgeERC20(
        address _localToken,
        address _remoteToken,
        address _from,
        address _to,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes memory _extraData
    )
        internal
    {
        require(msg.value == 0, "StandardBridge: cannot send value");
        if (_isOptimismMintableERC20(_localToken)) {
            require(
                _isCorrectTokenPair(_localToken, _remoteToken),
                "StandardBridge: wrong remote token for Optimism Mintable ERC20 local token"
            );
            IOptimismMintableERC20(_localToken).burn(_from, _amount);
        } else {
            IERC20(_localToken).safeTransferFrom(_from, address(this), _amount);
            deposits[_localToken][_remoteToken] += _amount;
        }
        _emitERC20BridgeInitiated(_localToken, _remoteToken, _from, _to, _amount, _extraData);
        messenger.sendMessage(
            address(otherBridge),
            abi.encodeCall(this.finalizeBridgeERC20, (_remoteToken, _localToken, _from, _to, _amount, _extraData)),
            _minGasLimit
        );
    }

    function _isOptimismMintableERC20(address _token) internal view returns (bool) {
        return ERC165Checker.supportsInterface(_token, type(IOptimismMintableERC20).interfaceId);
    }

    function _isCorrectTokenPair(address _mintableToken, address _otherToken) internal view returns (bool) {
        return IOptimismMintableERC20(_mintableToken).remoteToken() == _otherToken;
    }

    function _emitETHBridgeInitiated(address _from, address _to, uint256 _amount, bytes memory _extraData)
        internal
        virtual
    {
        emit ETHBridgeInitiated(_from, _to, _amount, _extraData);
    }

    function _emitETHBridgeFinalized(address _from, address _to, uint256 _amount, bytes memory _extraData)
        internal
        virtual
    {
        emit ETHBridgeFinalized(_from, _to, _amount, _extraData);
    }

    function _emitERC20BridgeInitiated(
        address _localToken,
        address _remoteToken,
        address _from,
        address _to,
        uint256 _amount,
        bytes memory _extraData
    )
        internal
        virtual
    {
        emit ERC20BridgeInitiated(_localToken, _remoteToken, _from, _to, _amount, _extraData);
    }

    function _emitERC20BridgeFinalized(
        address _localToken,
        address _remoteToken,
        address _from,
        address _to,
        uint256 _amount,
        bytes memory _extraData
    )
        internal
        virtual
    {
        emit ERC20BridgeFinalized(_localToken, _remoteToken, _from, _to, _amount, _extraData);
    }
}
