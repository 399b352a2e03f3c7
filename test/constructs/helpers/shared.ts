/**
 * The shared reference folder for the construct tests, through the one helper of the suite.
 */
export { describeWithShared, findShared, REPO_ROOT, SHARED_DIR } from '../../helpers/shared';
