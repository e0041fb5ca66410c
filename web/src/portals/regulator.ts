import '../shared/portal';
