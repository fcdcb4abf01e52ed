import { readSystemArtifact } from "../../artifacts.js";

/** The compiled L2ToL2CrossDomainMessenger predeploy. */
export const messengerArtifact = () =>
  readSystemArtifact(
    "op/L2ToL2CrossDomainMessenger.sol",
    "L2ToL2CrossDomainMessenger",
  );

/** The compiled CrossL2Inbox predeploy. */
export const inboxArtifact = () =>
  readSystemArtifact("op/CrossL2Inbox.sol", "CrossL2Inbox");

/** The compiled SuperchainTokenBridge predeploy. */
export const tokenBridgeArtifact = () =>
  readSystemArtifact("op/SuperchainTokenBridge.sol", "SuperchainTokenBridge");

/** The compiled SuperchainETHBridge predeploy. */
export const ethBridgeArtifact = () =>
  readSystemArtifact("op/SuperchainETHBridge.sol", "SuperchainETHBridge");

/** The compiled ETHLiquidity predeploy. */
export const ethLiquidityArtifact = () =>
  readSystemArtifact("op/ETHLiquidity.sol", "ETHLiquidity");

/** The compiled supersim test token. */
export const supersimTokenArtifact = () =>
  readSystemArtifact(
    "op/L2NativeSuperchainERC20.sol",
    "L2NativeSuperchainERC20",
  );

/** The compiled L1 and L2 contracts of the OP Stack's L1↔L2 messaging, by their system-contract names. */
export const BEDROCK_ARTIFACTS = {
  OptimismPortal: () =>
    readSystemArtifact("op/bedrock/OptimismPortal2.sol", "OptimismPortal2"),
  L1CrossDomainMessenger: () =>
    readSystemArtifact(
      "op/bedrock/L1CrossDomainMessenger.sol",
      "L1CrossDomainMessenger",
    ),
  L1StandardBridge: () =>
    readSystemArtifact("op/bedrock/L1StandardBridge.sol", "L1StandardBridge"),
  L2CrossDomainMessenger: () =>
    readSystemArtifact(
      "op/bedrock/L2CrossDomainMessenger.sol",
      "L2CrossDomainMessenger",
    ),
  L2StandardBridge: () =>
    readSystemArtifact("op/bedrock/L2StandardBridge.sol", "L2StandardBridge"),
  L2ToL1MessagePasser: () =>
    readSystemArtifact(
      "op/bedrock/L2ToL1MessagePasser.sol",
      "L2ToL1MessagePasser",
    ),
  L1Block: () => readSystemArtifact("op/bedrock/L1Block.sol", "L1Block"),
  DisputeGameFactory: () =>
    readSystemArtifact(
      "op/bedrock/DisputeGameFactory.sol",
      "DisputeGameFactory",
    ),
  AnchorStateRegistry: () =>
    readSystemArtifact(
      "op/bedrock/AnchorStateRegistry.sol",
      "AnchorStateRegistry",
    ),
  OutputRootDisputeGame: () =>
    readSystemArtifact(
      "op/bedrock/OutputRootDisputeGame.sol",
      "OutputRootDisputeGame",
    ),
  Multicall3: () =>
    readSystemArtifact("op/bedrock/Multicall3.sol", "Multicall3"),
} as const;
